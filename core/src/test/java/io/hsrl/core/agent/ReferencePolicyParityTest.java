package io.hsrl.core.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.critic.MultiLevelCritic;
import io.hsrl.core.nn.ParameterSet;
import io.hsrl.core.policy.HierarchicalPolicy;
import io.hsrl.core.policy.PolicyConfig;
import io.hsrl.store.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The released SIDPolicy_credit, Token_Critic and A2C losses (src/test/resources/reference-policy, made by
 * trainer-image/src/main/python/reference_policy_fixture.py) give the same numbers here, on the reference's own
 * weights and one minibatch: level logits, contexts, V(s), the released TD target, both losses and the actor loss's
 * gradients.
 */
class ReferencePolicyParityTest {
    private static JsonNode fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = ReferencePolicyParityTest.class.getResourceAsStream("/reference-policy/fixture.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
    }

    private static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    private static void load(ParameterSet params, JsonNode tensors) {
        List<String> names = new java.util.ArrayList<>();
        tensors.fieldNames().forEachRemaining(names::add);
        assertThat(params.arrays().keySet()).containsExactlyInAnyOrderElementsOf(names);
        for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            NDArray a = params.get(e.getKey());
            float[] v = floats(e.getValue());
            assertThat(a.size()).as(e.getKey()).isEqualTo(v.length);
            a.set(FloatBuffer.wrap(v));
        }
    }

    private static void assertClose(float[] actual, JsonNode expected, double tolerance, String what) {
        float[] e = floats(expected);
        assertThat(actual).as(what).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(e[i], within(tolerance));
        }
    }

    @Test
    void policyCriticAndLossesEqualTheReferencesOnItsWeights() {
        JsonNode s = fixture.get("sizes");
        int d = s.get("itemDim").asInt();
        int h = s.get("history").asInt();
        int m = s.get("batch").asInt();
        int k = s.get("slate").asInt();
        int levels = s.get("levels").asInt();
        int v = s.get("vocabulary").asInt();
        int[] vocabulary = new int[levels];
        java.util.Arrays.fill(vocabulary, v);
        int[] hidden = {s.get("criticHidden").get(0).asInt(), s.get("criticHidden").get(1).asInt()};
        JsonNode in = fixture.get("inputs");
        JsonNode ex = fixture.get("expected");
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager();
             HierarchicalPolicy actor = new HierarchicalPolicy(root, new PolicyConfig(PolicyMode.REFERENCE, d,
                     s.get("dModel").asInt(), s.get("heads").asInt(), s.get("layers").asInt(), s.get("feedForward").asInt(),
                     0.1f, h, vocabulary, 1f), 3, true);
             MultiLevelCritic critic = new MultiLevelCritic(root, s.get("dModel").asInt(), hidden, 0.2f, 4, true)) {
            load(actor.parameters(), fixture.get("actor"));
            load(critic.parameters(), fixture.get("critic"));
            NDArray x = root.create(floats(in.get("history")), new Shape(m, h, d));
            NDArray xNext = root.create(floats(in.get("nextHistory")), new Shape(m, h, d));
            float[] reward = floats(in.get("reward"));
            boolean[] done = new boolean[m];
            for (int b = 0; b < m; b++) {
                done[b] = in.get("done").get(b).asBoolean();
            }
            int[][][] tokens = new int[m][k][levels];
            for (int i = 0; i < m * k * levels; i++) {
                tokens[i / (k * levels)][(i / levels) % k][i % levels] = in.get("tokens").get(i).asInt();
            }

            // the TD target with the released mask (done, not 1 − done); targets equal to the networks
            float[] nextValue = critic.uniformValue(actor.softPass(actor.state(xNext, false)).contexts(), false).toFloatArray();
            assertClose(nextValue, ex.get("nextValue"), 1e-5, "V(s')");
            float[] q = A2cLosses.tdTarget(reward, done, nextValue, s.get("gamma").asDouble(), true);
            assertClose(q, ex.get("q"), 1e-5, "Q");

            try (GradientCollector gc = root.getEngine().newGradientCollector()) {
                HierarchicalPolicy.SoftPass pass = actor.softPass(actor.state(x, false));
                for (int l = 0; l < levels; l++) {
                    assertClose(pass.logits().get(l).toFloatArray(), ex.get("logits").get(l), 1e-5, "logits of level " + l);
                }
                assertClose(pass.contexts().toFloatArray(), ex.get("contexts"), 1e-5, "contexts");
                NDArray value = critic.uniformValue(pass.contexts().stopGradient(), false);
                float[] values = value.toFloatArray();
                assertClose(values, ex.get("value"), 1e-5, "V(s)");
                NDArray criticLoss = value.sub(root.create(q)).square().mean();
                assertThat((double) criticLoss.getFloat()).isCloseTo(ex.get("criticLoss").asDouble(), within(1e-5));
                float[] advantage = new float[m];
                for (int b = 0; b < m; b++) {
                    advantage[b] = (float) A2cLosses.clip(q[b] - values[b]);
                }
                assertClose(advantage, ex.get("advantage"), 1e-5, "advantage");
                A2cLosses.Terms terms = A2cLosses.referenceActor(pass.logits(), tokens, root.create(advantage),
                        s.get("entropyCoef").asDouble());
                assertThat((double) terms.loss().getFloat()).isCloseTo(ex.get("actorLoss").asDouble(), within(1e-5));
                double negEntropy = -java.util.Arrays.stream(terms.entropies()).sum();
                assertThat(negEntropy).isCloseTo(ex.get("negEntropy").asDouble(), within(1e-5));
                gc.backward(terms.loss());
            }
            JsonNode grads = ex.get("actorGradients");
            for (String name : List.of("sid_heads.0.weight", "sid_token_embeds.1.weight", "item_map.weight",
                    "transformer.layers.0.self_attn.in_proj_weight")) {
                assertClose(actor.parameters().get(name).getGradient().toFloatArray(), grads.get(name), 1e-5,
                        "gradient of " + name);
            }
        }
    }
}
