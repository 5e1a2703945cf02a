package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Prints what the trainer would compute on: engine, version, device, threads. */
@Command(name = "info", description = "Print the engine, device and thread counts as JSON.")
public class InfoCommand implements Callable<Integer> {
    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Override
    public Integer call() {
        Device d = compute.resolve();
        Engine engine = ComputeDevice.engine();
        int[] threads = ComputeOptions.threadCounts();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", engine.getEngineName());
        out.put("engineVersion", engine.getVersion());
        out.put("gpus", engine.getGpuCount());
        out.put("device", d.toString());
        out.put("threads", threads[0]);
        out.put("interopThreads", threads[1]);
        System.out.println(Json.writeString(out));
        return 0;
    }
}
