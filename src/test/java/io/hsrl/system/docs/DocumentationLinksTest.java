package io.hsrl.system.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the repository's Markdown (README, docs/, module READMEs) leads to a file or folder of the
 * repository itself, and every {@code #anchor} to a heading of the target document: a reader who clones the project
 * finds what the documents point to.
 */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void relativeLinksResolveInsideTheRepository() {
        List<String> files = RepositoryFiles.tracked();
        Set<String> tracked = new HashSet<>(files);
        Set<String> folders = RepositoryFiles.folders(files);
        Map<String, Set<String>> anchors = new HashMap<>();
        List<String> documents = files.stream().filter(f -> f.endsWith(".md") && !f.startsWith("benchmarks/")).toList();
        assertThat(documents).contains("README.md", "docs/architecture.md", "docs/algorithm.md", "docs/operations.md",
                "docs/benchmarks.md", "docs/reference/README.md");
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (String doc : documents) {
            for (String target : links(RepositoryFiles.text(doc))) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ... : not part of the repository
                }
                checked++;
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                String resolved;
                if (pathPart.isEmpty()) {
                    resolved = doc;
                } else {
                    Path p = RepositoryFiles.ROOT.resolve(doc).getParent().resolve(pathPart).normalize();
                    if (!p.startsWith(RepositoryFiles.ROOT)) {
                        broken.add(doc + ": " + target + " leaves the repository");
                        continue;
                    }
                    resolved = RepositoryFiles.ROOT.relativize(p).toString().replace('\\', '/');
                    if (!tracked.contains(resolved) && !folders.contains(resolved)) {
                        broken.add(doc + ": " + target + " (" + resolved + " is not in the repository)");
                        continue;
                    }
                }
                if (anchor != null && !anchor.isEmpty() && resolved.endsWith(".md")) {
                    Set<String> known = anchors.computeIfAbsent(resolved, f -> headingAnchors(RepositoryFiles.text(f)));
                    if (!known.contains(anchor)) {
                        broken.add(doc + ": " + target + " (no heading '#" + anchor + "' in " + resolved + ")");
                    }
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreTheHeadingsAsGitHubNamesThem() {
        assertThat(headingAnchors("# A/B controller\n## 7. Tests\n### `kubectl get` columns\n## Tests\n```\n# not a heading\n```\n"))
                .containsExactlyInAnyOrder("ab-controller", "7-tests", "kubectl-get-columns", "tests");
        assertThat(links("see [a](docs/a.md#x), ![img](pic.png) and `[not](a-link)`\n```\n[nor](this)\n```\n"))
                .containsExactly("docs/a.md#x", "pic.png");
    }

    /** Link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        String prose = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, "-1", "-2" for repeats. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            out.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return out;
    }
}
