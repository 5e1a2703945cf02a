package io.hsrl.core.data;

/** URIs of files inside a dataset folder (local path or {@code s3://bucket/prefix}). */
public final class DataPaths {
    private DataPaths() {
    }

    /** The folder URI with exactly one trailing '/'. */
    public static String folder(String uri) {
        String u = uri.trim();
        while (u.endsWith("/") && u.length() > 1) {
            u = u.substring(0, u.length() - 1);
        }
        return u + "/";
    }

    public static String resolve(String folder, String name) {
        return folder(folder) + name;
    }

    /** The folder a file URI lies in (with a trailing '/'). */
    public static String parent(String fileUri) {
        int slash = fileUri.lastIndexOf('/');
        return slash < 0 ? "./" : fileUri.substring(0, slash + 1);
    }
}
