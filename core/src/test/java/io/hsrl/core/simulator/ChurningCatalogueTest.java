package io.hsrl.core.simulator;

import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.SyntheticWorld;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChurningCatalogueTest {
    @Test
    void sizeStaysPutRetiredItemsNeverComeBackAndArrivalsRunInOrder() {
        ChurningCatalogue c = new ChurningCatalogue(50, 80, 0.1, 2, 3);
        Set<Integer> everRetired = new HashSet<>();
        int expectedNext = 50;
        int events = 0;
        for (int step = 1; step <= 40; step++) {
            int[] before = c.activeItems();
            ChurningCatalogue.Change change = c.advance();
            assertThat(c.size()).isEqualTo(50);
            assertThat(c.activeItems()).hasSize(50).doesNotHaveDuplicates();
            if (change == null) {
                assertThat(c.activeItems()).isEqualTo(before);
                continue;
            }
            events++;
            assertThat(step % 2).isZero();
            assertThat(change.retired()).hasSize(5).doesNotHaveDuplicates();
            for (int r : change.retired()) {
                assertThat(Arrays.binarySearch(before, r)).isNotNegative();
                assertThat(c.isActive(r)).isFalse();
                everRetired.add(r);
            }
            for (int a : change.arrived()) {
                assertThat(a).isEqualTo(expectedNext++);
                assertThat(c.isActive(a)).isTrue();
                assertThat(c.isNew(a)).isTrue();
            }
            for (int r : everRetired) {
                assertThat(c.isActive(r)).isFalse();
            }
        }
        // 30 arrivals in the pool, 5 per event: churn stops after 6 events and the size stays 50
        assertThat(events).isEqualTo(6);
        assertThat(c.arrived()).isEqualTo(30);
        assertThat(c.retired()).isEqualTo(30);
        assertThat(c.isNew(10)).isFalse();
        assertThat(ChurningCatalogue.universeFor(50, 0.1, 2, 12)).isEqualTo(80);
    }

    @Test
    void listenersHearEveryChangeAndNoChurnMeansNoChange() {
        ChurningCatalogue c = new ChurningCatalogue(20, 40, 0.25, 3, 1);
        int[] heard = new int[1];
        c.addListener(change -> heard[0] += change.arrived().length);
        for (int i = 0; i < 9; i++) {
            c.advance();
        }
        assertThat(heard[0]).isEqualTo(15);
        ChurningCatalogue fixed = ChurningCatalogue.fixed(20);
        for (int i = 0; i < 10; i++) {
            assertThat(fixed.advance()).isNull();
        }
        assertThatThrownBy(() -> new ChurningCatalogue(20, 10, 0.1, 1, 0)).hasMessageContaining("universe");
        assertThatThrownBy(() -> new ChurningCatalogue(20, 30, 1.5, 1, 0)).hasMessageContaining("fraction");
    }

    @Test
    void environmentServesActiveItemsOnlyAndArrivalsOnceTheyArrive() {
        SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.scaled(60, 40, 30, 5).withRowsPerUser(2)
                .withHistoryLength(6));
        LogDataset log = world.log(LogFormat.RL4RS);
        for (int r = 0; r < log.train().rows(); r++) {
            for (int q = 0; q < 9; q++) {
                assertThat(log.train().item(r, q)).isLessThan(40); // the log only knows the initial items
            }
        }
        ChurningCatalogue c = new ChurningCatalogue(40, 60, 0.25, 1, 9);
        Environment env = new Environment(new GroundTruthResponse(world), log.train(),
                EnvironmentConfig.rl4rs().withBatchSize(2));
        env.attach(c);
        env.reset(1);
        int[] slate = new int[18];
        fill(slate, c);
        assertThatThrownBy(() -> env.step(withItem(slate, 45))).hasMessageContaining("item 45 has not arrived yet");
        env.step(slate); // the catalogue churns: 10 retire, 40..49 arrive
        assertThat(c.isActive(45)).isTrue();
        int retired = -1;
        for (int i = 0; i < 40; i++) {
            if (!c.isActive(i)) {
                retired = i;
                break;
            }
        }
        int gone = retired;
        assertThat(gone).isNotNegative();
        fill(slate, c);
        assertThatThrownBy(() -> env.step(withItem(slate, gone))).hasMessageContaining("item " + gone + " has retired");
        Step s = env.step(withItem(slate, 45));
        for (float p : s.clickProbabilities()) {
            assertThat(p).isBetween(0f, 1f);
        }
    }

    private static void fill(int[] slate, ChurningCatalogue c) {
        int[] active = c.activeItems();
        for (int i = 0; i < slate.length; i++) {
            slate[i] = active[i % 9];
        }
    }

    private static int[] withItem(int[] slate, int item) {
        int[] s = slate.clone();
        s[0] = item;
        s[9] = item;
        return s;
    }
}
