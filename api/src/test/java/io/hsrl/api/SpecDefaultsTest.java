package io.hsrl.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.ServingEnvironment;
import io.hsrl.contracts.TrainInvocation;
import io.hsrl.api.v1alpha1.HsrlServingSpec;
import io.hsrl.api.v1alpha1.HsrlTrainingSpec;
import io.hsrl.api.v1alpha1.SemanticIndexSpec;
import io.hsrl.api.v1alpha1.SimulatorSpec;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each spec field's schema default (its {@code @Default}) is the value a new object carries, and the defaults the
 * programs share come from the contracts module: one value, written once.
 */
class SpecDefaultsTest {

    @Test
    void everySchemaDefaultIsTheFieldsInitialValue() throws Exception {
        URL dir = HsrlServingSpec.class.getResource("");
        File[] classes = new File(dir.toURI()).listFiles((d, n) -> n.endsWith(".class") && !n.contains("$"));
        List<String> checked = new ArrayList<>();
        for (File f : classes) {
            Class<?> type = Class.forName("io.hsrl.api.v1alpha1." + f.getName().replace(".class", ""));
            if (type.isEnum() || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                continue;
            }
            Object instance;
            try {
                instance = type.getDeclaredConstructor().newInstance();
            } catch (NoSuchMethodException | IllegalAccessException e) {
                continue; // not a spec type (constants holders, types built by their factories)
            }
            for (Field field : type.getFields()) {
                Default d = field.getAnnotation(Default.class);
                if (d == null || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String name = type.getSimpleName() + "." + field.getName();
                checked.add(name);
                assertThat(wire(field.get(instance))).as(name).isEqualTo(normal(d.value(), field.getType()));
            }
        }
        assertThat(checked).contains("HsrlServingSpec.slateSize", "SemanticIndexSpec.iterations",
                "HsrlTrainingSpec.mode", "SimulatorSpec.l2");
    }

    @Test
    void theSharedDefaultsAreTheContracts() {
        assertThat(new HsrlServingSpec().slateSize).isEqualTo(ServingEnvironment.DEFAULT_SLATE_SIZE);
        assertThat(new HsrlServingSpec().beamWidth).isEqualTo(ServingEnvironment.DEFAULT_BEAM_WIDTH);
        SemanticIndexSpec index = new SemanticIndexSpec();
        assertThat(index.iterations).isEqualTo(IndexInvocation.DEFAULT_ITERATIONS);
        assertThat(index.levels).isEqualTo(IndexInvocation.DEFAULT_LEVELS);
        assertThat(index.codebookSize).isEqualTo(IndexInvocation.DEFAULT_CODEBOOK_SIZE);
        HsrlTrainingSpec training = new HsrlTrainingSpec();
        assertThat(training.iterations).isEqualTo(TrainInvocation.DEFAULT_ITERATIONS);
        assertThat(training.checkpointEvery).isEqualTo(TrainInvocation.DEFAULT_CHECKPOINT_EVERY);
        assertThat(training.seed).isEqualTo(TrainInvocation.DEFAULT_SEED);
        SimulatorSpec sim = new SimulatorSpec();
        assertThat(sim.epochs).isEqualTo(TrainInvocation.DEFAULT_SIMULATOR_EPOCHS);
        assertThat(sim.learningRate).isEqualTo(TrainInvocation.DEFAULT_SIMULATOR_LEARNING_RATE);
        assertThat(sim.l2).isEqualTo(TrainInvocation.DEFAULT_SIMULATOR_L2);
    }

    private static Object wire(Object v) throws NoSuchFieldException {
        if (v instanceof Enum<?> e) {
            JsonProperty p = e.getDeclaringClass().getField(e.name()).getAnnotation(JsonProperty.class);
            return p == null ? e.name() : p.value();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return String.valueOf(v);
    }

    private static Object normal(String value, Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return Double.parseDouble(value);
        }
        return value;
    }
}
