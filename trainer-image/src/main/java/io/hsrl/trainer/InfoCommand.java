package io.hsrl.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Prints what the trainer would compute on: engine, version, device. */
@Command(name = "info", description = "Print the compute engine and device as JSON.")
public class InfoCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Engine engine = ComputeDevice.engine();
        Device d = ComputeDevice.resolve(device, engine.getGpuCount());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", engine.getEngineName());
        out.put("engineVersion", engine.getVersion());
        out.put("gpus", engine.getGpuCount());
        out.put("device", d.toString());
        System.out.println(Json.writeString(out));
        return 0;
    }
}
