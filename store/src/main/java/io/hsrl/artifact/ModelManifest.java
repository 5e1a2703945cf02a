package io.hsrl.artifact;

import io.hsrl.store.Json;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checkpoint manifest a model URI designates, with its bytes and their SHA-256: the model's digest. A model URI
 * may be a manifest, a {@code latest.json} pointer (the newest published manifest), or a folder holding
 * {@code manifest.json}, {@code latest.json} or {@code checkpoints/latest.json}. The operator puts the digest on the
 * serving pod and the server refuses a model whose manifest has another: both resolve here.
 *
 * <p>A pointer names its manifest relative to the pointer's folder (so a copied or moved model folder serves
 * itself); an absolute manifest URI, as older trainers wrote, is read as it is.
 */
public record ModelManifest(String uri, byte[] bytes, String sha256) {

    public static ModelManifest resolve(ObjectStore store, String modelUri) throws IOException {
        String uri = manifestUri(store, modelUri);
        byte[] bytes = read(store, uri, "checkpoint manifest");
        return new ModelManifest(uri, bytes, sha256(bytes));
    }

    public CheckpointManifest parse() throws IOException {
        return Json.read(bytes, CheckpointManifest.class, uri);
    }

    /** The manifest a model URI designates (without reading the manifest). */
    public static String manifestUri(ObjectStore store, String modelUri) throws IOException {
        if (modelUri.endsWith(LatestCheckpoint.FILE)) {
            return fromPointer(store, modelUri);
        }
        if (modelUri.endsWith(".json")) {
            return modelUri;
        }
        String manifest = ObjectUri.resolve(modelUri, CheckpointManifest.FILE);
        if (store.exists(manifest)) {
            return manifest;
        }
        for (String pointer : new String[]{ObjectUri.resolve(modelUri, LatestCheckpoint.FILE),
                ObjectUri.resolve(modelUri, "checkpoints/" + LatestCheckpoint.FILE)}) {
            if (store.exists(pointer)) {
                return fromPointer(store, pointer);
            }
        }
        throw new ObjectNotFoundException(modelUri, modelUri + ": neither a manifest nor a folder with "
                + CheckpointManifest.FILE + ", " + LatestCheckpoint.FILE + " or checkpoints/" + LatestCheckpoint.FILE);
    }

    private static String fromPointer(ObjectStore store, String pointerUri) throws IOException {
        LatestCheckpoint latest = Json.read(read(store, pointerUri, "checkpoint pointer"), LatestCheckpoint.class,
                pointerUri);
        if (latest.manifest() == null || latest.manifest().isBlank()) {
            throw new IOException(pointerUri + ": field 'manifest' is empty (no checkpoint published yet)");
        }
        return LatestCheckpoint.resolve(ObjectUri.parent(pointerUri), latest.manifest());
    }

    private static byte[] read(ObjectStore store, String uri, String what) throws IOException {
        try {
            return store.read(uri);
        } catch (ObjectNotFoundException e) {
            throw new ObjectNotFoundException(uri, what + " " + uri + " does not exist");
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
