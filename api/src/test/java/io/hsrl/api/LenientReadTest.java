package io.hsrl.api;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlTraining;
import io.hsrl.api.v1alpha1.SemanticIndex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A resource whose spec does not fit the types is still read: its spec says which field could not be. */
class LenientReadTest {
    final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void anOverflowingIntegerNamesItsFieldAndKeepsTheMetadata() {
        HsrlTraining t = json.unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"HsrlTraining","metadata":{"name":"poison","namespace":"a"},
                 "spec":{"semanticIndexRef":{"name":"i"},"data":{"uri":"s3://b/k"},
                         "hyperParameters":{"bufferSize":9223372036854775807}},
                 "status":{"observedGeneration":1}}""", HsrlTraining.class);
        assertThat(t.getMetadata().getName()).isEqualTo("poison");
        assertThat(t.getSpec().unreadable()).startsWith("spec.hyperParameters.bufferSize: cannot be read")
                .contains("out of range");
        assertThat(t.getStatus().observedGeneration).isEqualTo(1L);
    }

    @Test
    void theMarkerSurvivesACopyThroughJsonAsTheFrameworkMakesThem() {
        HsrlTraining t = json.unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"HsrlTraining","metadata":{"name":"poison"},
                 "spec":{"hyperParameters":{"bufferSize":9223372036854775807}}}""", HsrlTraining.class);
        HsrlTraining copy = json.clone(t);
        assertThat(copy.getSpec().unreadable()).isEqualTo(t.getSpec().unreadable()).isNotNull();
    }

    @Test
    void aWrongTypeAndAnUnknownEnumValueNameTheirFields() {
        HsrlServing s = json.unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"HsrlServing","metadata":{"name":"s"},
                 "spec":{"model":{"checkpointUri":"s3://b/k"},"autoscaling":{"minReplicas":3000000000}}}""",
                HsrlServing.class);
        assertThat(s.getSpec().unreadable()).startsWith("spec.autoscaling.minReplicas: cannot be read");
        SemanticIndex i = json.unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"SemanticIndex","metadata":{"name":"i"},
                 "spec":{"catalog":{"uri":"s3://b/k","format":"parquet"},"levels":"three"}}""", SemanticIndex.class);
        assertThat(i.getSpec().unreadable()).startsWith("spec.catalog.format: cannot be read");
    }

    @Test
    void anUnreadableStatusIsDroppedForTheControllerToRewrite() {
        SemanticIndex i = json.unmarshal("""
                {"apiVersion":"hsrl.io/v1alpha1","kind":"SemanticIndex","metadata":{"name":"i"},
                 "spec":{"catalog":{"uri":"s3://b/k"},"levels":4},
                 "status":{"items":"many"}}""", SemanticIndex.class);
        assertThat(i.getSpec().unreadable()).isNull();
        assertThat(i.getSpec().levels).isEqualTo(4);
        assertThat(i.getStatus().items).isNull();
    }

    @Test
    void aReadableResourceRoundTripsUnchanged() {
        String text = """
                {"apiVersion":"hsrl.io/v1alpha1","kind":"HsrlTraining","metadata":{"name":"ok"},
                 "spec":{"semanticIndexRef":{"name":"i"},"data":{"uri":"s3://b/k"},"iterations":12}}""";
        HsrlTraining t = json.unmarshal(text, HsrlTraining.class);
        assertThat(t.getSpec().unreadable()).isNull();
        assertThat(t.getSpec().iterations).isEqualTo(12);
        assertThat(json.asJson(t)).doesNotContain("unreadable").contains("\"iterations\":12");
    }
}
