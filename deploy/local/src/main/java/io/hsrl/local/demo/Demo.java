package io.hsrl.local.demo;

import io.hsrl.local.platform.PlatformOptions;

/** Placeholder replaced below. */
public final class Demo {
    private Demo() {
    }

    public static int run(PlatformOptions options) {
        System.err.println("demo: not implemented yet");
        return 1;
    }
}
