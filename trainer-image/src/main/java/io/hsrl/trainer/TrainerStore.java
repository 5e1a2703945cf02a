package io.hsrl.trainer;

import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object store of the trainer's commands: S3 settings from the environment ({@code HSRL_S3_*}), each overridable
 * by a Java system property of the same name ({@code -DHSRL_S3_ENDPOINT=...}; in-process tests cannot set variables).
 */
final class TrainerStore {
    private TrainerStore() {
    }

    static ObjectStores open() {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String name : List.of(S3Settings.ENDPOINT, S3Settings.ACCESS_KEY, S3Settings.SECRET_KEY, S3Settings.REGION)) {
            String v = System.getProperty(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        return ObjectStores.from(env);
    }
}
