package io.hsrl.trainer;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.hsrl.trainer.TrainerFixtures.args;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusMainTest
class TrainCommandTest {
    @Test
    void trainsResumesAndEvaluatesOnLocalPaths(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        TrainerFixtures.World w = TrainerFixtures.world(launcher, dir.toString(), Map.of());
        Path data = Path.of(w.data());
        Path sim = Path.of(w.simulator());
        Path index = Path.of(w.index());
        Path out = dir.resolve("model");
        LaunchResult train = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--index", index.resolve("stats.json").toString(), "--iterations", "4",
                "--checkpoint-every", "2", "--seed", "5", "--out", out.toString()));
        assertThat(train.exitCode()).as(train.getErrorOutput()).isZero();
        assertThat(train.getOutput()).contains("\"algorithm\" : \"hsrl\"").contains("000000000004/manifest.json");
        assertThat(Files.readString(out.resolve("checkpoints/latest.json"))).contains("\"complete\" : true");
        assertThat(Files.readString(out.resolve("progress.json"))).contains("\"state\" : \"Complete\"");

        LaunchResult resume = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--index", index.toString(), "--iterations", "6", "--checkpoint-every", "2", "--seed", "5",
                "--out", out.toString(), "--resume"));
        assertThat(resume.exitCode()).as(resume.getErrorOutput()).isZero();
        assertThat(resume.getErrorOutput()).contains("resuming from").contains("(iteration 4)");
        assertThat(resume.getOutput()).contains("000000000006/manifest.json");

        LaunchResult eval = launcher.launch("evaluate", "--model", out.toString(), "--episodes", "8", "--users", "4",
                "--seed", "9", "--device", "cpu");
        assertThat(eval.exitCode()).as(eval.getErrorOutput()).isZero();
        assertThat(eval.getOutput()).contains("\"avgTotalReward\"").contains("\"avgDepth\"").contains("\"coverage\"");

        LaunchResult random = launcher.launch("evaluate", "--algorithm", "random", "--data", data.toString(), "--format",
                "rl4rs", "--simulator", sim.toString(), "--episodes", "8", "--users", "4", "--device", "cpu");
        assertThat(random.exitCode()).as(random.getErrorOutput()).isZero();
        assertThat(random.getOutput()).contains("\"algorithm\" : \"random\"");

        LaunchResult compare = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "hsrl,a2c,sl,ddpg,random,popular",
                "--modes", "hsrl,reference", "--seeds", "1,2", "--iterations", "3", "--episodes", "4"));
        assertThat(compare.exitCode()).as(compare.getErrorOutput()).isZero();
        assertThat(compare.getOutput()).contains("\"summary\"").contains("\"meanTotalReward\"")
                .contains("\"mode\" : \"reference\"").contains("\"algorithm\" : \"popular\"").contains("\"algorithm\" : \"a2c\"")
                .contains("\"algorithm\" : \"sl\"").contains("\"algorithm\" : \"ddpg\"");
        assertThat(compare.getErrorOutput()).contains("total reward");
        // a CPU-time budget ends training before --iterations; each row reports the iterations it made; hsrl mode with
        // its token heads grounded in their items
        LaunchResult budget = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "hsrl", "--modes", "hsrl",
                "--seeds", "1", "--iterations", "100000", "--cpu-seconds", "0.05", "--episodes", "4", "--threads", "1",
                "--ground-tokens", "1"));
        assertThat(budget.exitCode()).as(budget.getErrorOutput()).isZero();
        // "iterations" : 100000 for the budget asked, then the row's own count
        java.util.List<Long> counts = java.util.regex.Pattern.compile("\"iterations\" : (\\d+)").matcher(budget.getOutput())
                .results().map(r -> Long.parseLong(r.group(1))).toList();
        assertThat(counts).as(budget.getOutput()).hasSize(2).contains(100_000L);
        assertThat(counts.stream().mapToLong(Long::longValue).min().getAsLong()).isBetween(1L, 99_999L);
        LaunchResult negativeBudget = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "popular", "--seeds", "1",
                "--iterations", "3", "--cpu-seconds", "-1", "--episodes", "4"));
        assertThat(negativeBudget.exitCode()).isEqualTo(2);
        assertThat(negativeBudget.getErrorOutput()).contains("--cpu-seconds");
        // the myopic ceiling, and hsrl with the behaviour loss's contrast and anchor on the logged slates
        LaunchResult ceiling = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "hsrl,oracle",
                "--modes", "hsrl", "--seeds", "1", "--iterations", "3", "--episodes", "4", "--behavior-lr", "0.001",
                "--behavior-source", "logs", "--behavior-contrast", "1", "--behavior-anchor", "1", "--critic-warmup", "1"));
        assertThat(ceiling.exitCode()).as(ceiling.getErrorOutput()).isZero();
        assertThat(ceiling.getOutput()).contains("\"algorithm\" : \"oracle\"").contains("\"algorithm\" : \"hsrl\"");
        LaunchResult negative = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--index", index.toString(), "--algorithms", "hsrl", "--modes", "hsrl",
                "--seeds", "1", "--iterations", "3", "--episodes", "4", "--behavior-lr", "0.001",
                "--behavior-contrast", "-1"));
        assertThat(negative.exitCode()).isNotZero();
        assertThat(negative.getErrorOutput()).contains("behaviour contrast");

        // the reference's own item → SID table: item id 7 unseen (−1), ids 1 and 4 sharing one SID
        long[][] table = new long[41][];
        for (int id = 0; id <= 40; id++) {
            table[id] = id == 0 || id == 7 ? new long[]{-1, -1, -1} : new long[]{id % 3, id % 5, id == 4 ? 1 : id % 2};
        }
        Path sids = dir.resolve("sid_index_item2sid.npy");
        Files.write(sids, int64Npy(table));
        Path refOut = dir.resolve("reference-sids");
        LaunchResult withSids = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--mode", "reference", "--reference-sids", sids.toString(), "--iterations", "3",
                "--seed", "5", "--out", refOut.toString()));
        assertThat(withSids.exitCode()).as(withSids.getErrorOutput()).isZero();
        assertThat(withSids.getErrorOutput()).contains("reference SIDs " + sids).contains("3 levels")
                .contains("1 without a SID");
        assertThat(withSids.getOutput()).contains("\"mode\" : \"reference\"").contains("000000000003/manifest.json");
        // evaluate scores it in the table the training named (its manifest), without an index
        LaunchResult evalRef = launcher.launch("evaluate", "--model", refOut.toString(), "--episodes", "4", "--users", "4",
                "--device", "cpu");
        assertThat(evalRef.exitCode()).as(evalRef.getErrorOutput()).isZero();
        assertThat(evalRef.getErrorOutput()).contains("reference SIDs " + sids).contains("1 without a SID");
        assertThat(evalRef.getOutput()).contains("\"mode\" : \"reference\"").contains("\"avgTotalReward\"");
        LaunchResult evalHsrlWithSids = launcher.launch("evaluate", "--model", out.toString(), "--reference-sids",
                sids.toString(), "--episodes", "4", "--users", "4", "--device", "cpu");
        assertThat(evalHsrlWithSids.exitCode()).isEqualTo(2);
        assertThat(evalHsrlWithSids.getErrorOutput())
                .contains("--reference-sids needs a --model trained with --algorithm hsrl --mode reference");
        // compare: reference mode in the reference's table, no --index at all; hsrl mode there is refused
        LaunchResult compareRef = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--reference-sids", sids.toString(), "--algorithms", "hsrl,popular",
                "--modes", "reference", "--seeds", "1", "--iterations", "2", "--episodes", "4"));
        assertThat(compareRef.exitCode()).as(compareRef.getErrorOutput()).isZero();
        assertThat(compareRef.getErrorOutput()).contains("reference SIDs " + sids);
        assertThat(compareRef.getOutput()).contains("\"mode\" : \"reference\"").contains("\"algorithm\" : \"popular\"");
        LaunchResult compareHsrlMode = launcher.launch(args("compare", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--reference-sids", sids.toString(), "--algorithms", "hsrl",
                "--modes", "hsrl", "--seeds", "1", "--iterations", "2", "--episodes", "4"));
        assertThat(compareHsrlMode.exitCode()).isEqualTo(2);
        assertThat(compareHsrlMode.getErrorOutput()).contains("--reference-sids needs hsrl in --algorithms and reference in --modes");
        LaunchResult sidsInHsrlMode = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs",
                "--simulator", sim.toString(), "--reference-sids", sids.toString(), "--iterations", "3",
                "--out", refOut.toString()));
        assertThat(sidsInHsrlMode.exitCode()).isEqualTo(2);
        assertThat(sidsInHsrlMode.getErrorOutput()).contains("--reference-sids needs --algorithm hsrl --mode reference");

        LaunchResult bad = launcher.launch("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--out", out.toString(), "--algorithm", "dqn");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("error: --algorithm dqn is not available; use one of hsrl, a2c, sl, ddpg");

        // the conversions objective: λ, the budget and the per-exposure figures on progress.json and the result
        Path constrained = dir.resolve("constrained");
        LaunchResult conv = launcher.launch(args("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--algorithm", "a2c", "--objective", "conversions", "--cost-budget", "-50%",
                "--iterations", "6", "--checkpoint-every", "6", "--seed", "5", "--out", constrained.toString()));
        assertThat(conv.exitCode()).as(conv.getErrorOutput()).isZero();
        assertThat(conv.getErrorOutput()).contains("objective conversions; logging policy's cost per exposure on the "
                + "training logs").contains("budget -50% =").contains("lambda ");
        io.hsrl.artifact.TrainingProgressRecord progress = io.hsrl.store.Json.read(
                Files.readAllBytes(constrained.resolve("progress.json")), io.hsrl.artifact.TrainingProgressRecord.class,
                "progress.json");
        io.hsrl.artifact.TrainingObjectiveRecord o = progress.metrics().objective();
        assertThat(o.type()).isEqualTo("conversions");
        assertThat(o.costBudget()).isEqualTo("-50%");
        assertThat(o.budgetCostPerExposure()).isCloseTo(0.5 * o.behaviourCostPerExposure(),
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(o.lambda()).as("λ after 6 iterations at twice the budget").isGreaterThan(0);
        assertThat(o.budgetHolds()).isFalse();
        assertThat(o.conversionsPerExposure()).isNotNull();
        assertThat(o.exposures()).isEqualTo(6L * 4 * 9);
        assertThat(conv.getOutput()).contains("\"behaviourCostPerExposure\"").contains("\"lambda\"");

        LaunchResult badBudget = launcher.launch("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--out", out.toString(), "--objective", "conversions", "--cost-budget", "5");
        assertThat(badBudget.exitCode()).isEqualTo(2);
        assertThat(badBudget.getErrorOutput()).contains("--cost-budget must be +N% or -N%").contains("was '5'");
        LaunchResult cloning = launcher.launch("train", "--data", data.toString(), "--format", "rl4rs", "--simulator",
                sim.toString(), "--out", out.toString(), "--objective", "conversions", "--algorithm", "sl");
        assertThat(cloning.exitCode()).isEqualTo(2);
        assertThat(cloning.getErrorOutput()).contains("--objective conversions needs a learner that takes a reward");
    }

    /** An int64 C-order .npy, as numpy.save writes the reference's table. */
    static byte[] int64Npy(long[][] rows) {
        int l = rows[0].length;
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + rows.length + ", " + l + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + rows.length * l * 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (long[] r : rows) {
            for (long t : r) {
                b.putLong(t);
            }
        }
        return b.array();
    }
}
