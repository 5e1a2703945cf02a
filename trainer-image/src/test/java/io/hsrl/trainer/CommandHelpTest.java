package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's help: exit 0, every option's default shown (or the option marked required), no internal references. */
@QuarkusMainTest
class CommandHelpTest {
    private static final Pattern OPTION_START = Pattern.compile("^ {2,6}(-\\w, )?--[a-z].*");
    private static final Pattern INTERNAL = Pattern.compile("(?i)\\bissue \\d|\\bsession \\d|§|hsrl-reference|\\bturn \\d");

    private static Map<String, CommandLine> commands() {
        return new CommandLine(new TrainerCommand()).getSubcommands();
    }

    @Test
    void topLevelHelpListsEveryCommandOnOneLine(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("--help");
        assertThat(r.exitCode()).isZero();
        String help = r.getOutput();
        assertThat(help).contains("Usage: trainer").contains("Commands:");
        assertThat(commands()).containsKeys("info", "index", "generate", "simulator", "train", "evaluate", "compare");
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            String summary = c.getValue().getCommandSpec().usageMessage().description()[0];
            assertThat(summary).as(c.getKey()).isNotBlank().endsWith(".");
            assertThat(help).containsPattern("(?m)^  " + c.getKey() + " +\\S");
        }
        List<String> listed = help.lines().dropWhile(l -> !l.startsWith("Commands:")).skip(1)
                .takeWhile(l -> l.startsWith(" ")).toList();
        assertThat(listed).as("one line per command").hasSize(commands().size())
                .allMatch(l -> l.matches("^  [a-z]+ +\\S.*"));
        assertThat(help).doesNotContainPattern(INTERNAL.pattern());
    }

    @Test
    void everyCommandsHelpShowsEveryDefault(QuarkusMainLauncher launcher) {
        List<String> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (Map.Entry<String, CommandLine> c : commands().entrySet()) {
            LaunchResult r = launcher.launch(c.getKey(), "--help");
            assertThat(r.exitCode()).as(c.getKey() + " --help").isZero();
            String help = r.getOutput();
            assertThat(help).as(c.getKey()).contains("Usage: trainer " + c.getKey() + " ");
            assertThat(help).as(c.getKey()).doesNotContainPattern(INTERNAL.pattern());
            assertThat(r.getOutput() + r.getErrorOutput()).as(c.getKey() + " --help formats every description")
                    .doesNotContain("Could not format").doesNotContain("%%");
            List<String> lines = help.lines().toList();
            for (OptionSpec o : c.getValue().getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                if (o.required()) {
                    assertThat(help).as(o.longestName() + " is required in the synopsis")
                            .containsPattern("[ \\n]" + o.longestName() + "=");
                    continue;
                }
                String section = section(lines, o.longestName());
                assertThat(section).as(c.getKey() + " " + o.longestName()).isNotEmpty();
                if (!section.toLowerCase(java.util.Locale.ROOT).contains("default:")) {
                    missing.add(c.getKey() + " " + o.longestName());
                }
                if (section.split("(?i)default:", -1).length > 2) {
                    twice.add(c.getKey() + " " + o.longestName());
                }
            }
        }
        assertThat(missing).as("options whose help shows no default").isEmpty();
        assertThat(twice).as("options whose help shows its default twice").isEmpty();
    }

    @Test
    void compareDocumentsBothForms(QuarkusMainLauncher launcher) {
        String help = launcher.launch("compare", "--help").getOutput().replaceAll("\\s+", " ");
        assertThat(help).contains("On logged data (--data, --format, --simulator, --index)")
                .contains("On synthetic catalogues (--catalog-sizes");
        assertThat(help).contains("--seconds").contains("Synthetic form: wall-clock training budget");
    }

    /** The lines of one option in a usage message: from the line naming it to the next option's. */
    private static String section(List<String> lines, String name) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : lines) {
            boolean starts = OPTION_START.matcher(line).matches();
            if (starts) {
                String head = line.trim().split("\\s+")[0];
                in = head.equals(name) || head.startsWith(name + "=") || line.contains(", " + name + "=")
                        || line.trim().endsWith(", " + name) || line.contains(", " + name + " ");
            }
            if (in) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
