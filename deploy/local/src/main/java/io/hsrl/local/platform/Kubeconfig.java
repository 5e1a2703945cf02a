package io.hsrl.local.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig file that points kubectl and the platform's programs at the embedded API server. */
public final class Kubeconfig {
    public static final String CONTEXT = "hsrl-local";

    private Kubeconfig() {
    }

    public static Path write(Path file, String serverUrl, String namespace) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: hsrl-local
                  cluster:
                    server: %s
                contexts:
                - name: hsrl-local
                  context:
                    cluster: hsrl-local
                    user: hsrl-local
                    namespace: %s
                current-context: hsrl-local
                users:
                - name: hsrl-local
                  user:
                    token: hsrl-local
                """.formatted(serverUrl, namespace);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
