package io.hsrl.system.docs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product speaks of itself only: docs, help, comments and folder names say what is true now, not in which order
 * it was built. Raw benchmark logs (outputs of commands, kept as measured) are exempt.
 */
class ProductLanguageTest {
    /**
     * Development-history phrases: a numbered session or turn, an issue number, a parenthesised issue reference, "after
     * the fix". Assembled from parts so that this file does not match itself.
     */
    static final Pattern DIARY = Pattern.compile(String.join("|",
            "\\b(session|turn) [0-9]",
            "\\b" + "issue[ -]?#?[0-9]+",
            "\\(" + "issue",
            "after the " + "fix"), Pattern.CASE_INSENSITIVE);

    @Test
    void noTrackedTextFileOrPathDescribesHowTheProjectWasDeveloped() {
        List<String> files = RepositoryFiles.tracked();
        assertThat(files).as("tracked files under " + RepositoryFiles.ROOT).hasSizeGreaterThan(100);
        List<String> found = new ArrayList<>();
        for (String file : files) {
            if (DIARY.matcher(file).find()) {
                found.add(file + ": the path itself");
            }
            if (rawBenchmarkOutput(file)) {
                continue;
            }
            String text = RepositoryFiles.text(file);
            if (text == null) {
                continue;
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = DIARY.matcher(lines[i]);
                if (m.find()) {
                    found.add(file + ":" + (i + 1) + ": '" + m.group() + "' in: " + lines[i].strip());
                }
            }
        }
        assertThat(found).as("These lines describe how the project was developed, not what it is. Say what is true"
                + " now (or drop the history); pattern: " + DIARY.pattern()).isEmpty();
    }

    /** The examples are split so that this file does not match itself. */
    @Test
    void thePatternCatchesTheDiaryAndSparesTheProduct() {
        assertThat(DIARY.matcher("root cause found (Sess" + "ion 4)").find()).isTrue();
        assertThat(DIARY.matcher("the iss" + "ue-10 form").find()).isTrue();
        assertThat(DIARY.matcher("benchmarks/iss" + "ue-5/run.sh").find()).isTrue();
        assertThat(DIARY.matcher("re-measured after the " + "fix").find()).isTrue();
        assertThat(DIARY.matcher("see (" + "issue: CRDs)").find()).isTrue();
        assertThat(DIARY.matcher("a user session of up to 5 slates; the vector turns by 0.08 rad").find()).isFalse();
        assertThat(DIARY.matcher("a known issue with kubectl; sessions 3 slates long").find()).isFalse();
    }

    static boolean rawBenchmarkOutput(String file) {
        return file.startsWith("benchmarks/") && file.matches(".*\\.(out|err|log|json)$");
    }
}
