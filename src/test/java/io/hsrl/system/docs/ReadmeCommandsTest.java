package io.hsrl.system.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer commands in README.md's fenced {@code bash} blocks that are safe to run anywhere — {@code --help}, and
 * the {@code index} and {@code generate} examples — run as written, with {@code trainer} being the packaged trainer
 * (as README's shell function makes it) and {@code ../shared} the shared folder beside the repository, as
 * {@code .ci/run} finds it. A command on the shared sample catalogue is skipped, with a message, when that folder is
 * absent (a fresh clone of the project alone does not have it).
 */
class ReadmeCommandsTest {
    private static final Pattern BASH_BLOCK = Pattern.compile("(?ms)^```bash\\s*$(.*?)^```\\s*$");
    private static final Pattern SAFE = Pattern.compile("^trainer(\\s+\\S+)*\\s+--help$|^trainer\\s+(index|generate)\\s.*");
    private static final Path SHARED = Path.of(System.getenv().getOrDefault("HSRL_SHARED_DIR",
            RepositoryFiles.ROOT.resolve("../shared").toString())).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void theSafeTrainerCommandsInReadmeRunAsWritten() throws Exception {
        List<String> commands = safeCommands(Files.readString(RepositoryFiles.ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertThat(commands).as("README's runnable trainer examples")
                .anyMatch(c -> c.endsWith("--help"))
                .anyMatch(c -> c.startsWith("trainer index "))
                .anyMatch(c -> c.startsWith("trainer generate "));
        Path jar = RepositoryFiles.ROOT.resolve("trainer-image/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("the packaged trainer (mvn -pl trainer-image -am package)").isRegularFile();
        int ran = 0;
        for (String command : commands) {
            if (command.contains("../shared/")) {
                Path needed = SHARED.resolve(sharedPath(command));
                if (!Files.exists(needed)) {
                    System.out.println("[readme] skipped (" + needed + " is absent; it comes with the shared data, not"
                            + " with the repository): " + command);
                    continue;
                }
            }
            String script = "set -euo pipefail\n"
                    + "trainer() { \"" + javaBinary() + "\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dai.djl.offline=true"
                    + " -jar \"" + jar + "\" \"$@\"; }\n"
                    + command.replace("../shared/", SHARED + "/") + "\n";
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(work.toFile());
            Path out = Files.createTempFile(work, "stdout", ".txt");
            Path err = Files.createTempFile(work, "stderr", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 5 minutes");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(command + "\n" + stderr).isZero();
            if (command.endsWith("--help")) {
                assertThat(stdout).as(command).contains("Usage:");
            } else if (command.startsWith("trainer index ")) {
                assertThat(stdout).as(command).contains("\"uniqueSids\"").contains("\"collisionRateAfter\" : 0.0");
            } else {
                assertThat(stdout).as(command).contains("\"users\"");
            }
            System.out.println("[readme] ran: " + command);
            ran++;
        }
        assertThat(ran).as("commands run").isGreaterThanOrEqualTo(3);
    }

    @Test
    void onlyTheSafeCommandsAreSelected() {
        String md = "```bash\ntrainer() { java -jar x.jar \"$@\"; }\ntrainer --help\ntrainer train --help   # help\n"
                + "trainer index --catalog a.csv \\\n  --out idx\ntrainer train --data d\nkubectl apply -k x\n```\n"
                + "```\ntrainer index --catalog not-bash\n```\n";
        assertThat(safeCommands(md)).containsExactly("trainer --help", "trainer train --help",
                "trainer index --catalog a.csv --out idx");
    }

    /** The safe commands of every {@code bash} block, continuation lines joined and comments dropped. */
    static List<String> safeCommands(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(markdown);
        while (m.find()) {
            String joined = m.group(1).replaceAll("\\\\\\n\\s*", "");
            for (String line : joined.split("\n")) {
                String command = line.replaceAll("\\s+#.*$", "").strip();
                if (SAFE.matcher(command).matches()) {
                    out.add(command);
                }
            }
        }
        return out;
    }

    private static String sharedPath(String command) {
        Matcher m = Pattern.compile("\\.\\./shared/(\\S+)").matcher(command);
        return m.find() ? m.group(1) : "";
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
