package io.hsrl.trainer;

import io.hsrl.core.data.DataPaths;
import io.hsrl.core.data.ItemVectorsCsv;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogFormatException;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.simulator.ReferenceUserResponse;
import io.hsrl.core.simulator.UserResponseMetrics;
import io.hsrl.core.simulator.UserResponseModel;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code trainer simulator --import-reference DIR --data D --format F --out O}: the Python reference's trained
 * user-response model, written as this simulator's {@code urm.params} + {@code urm.json} under {@code --out}, so that
 * {@code train --simulator O} runs episodes against the very model the reference trained. Prints the imported model's
 * validation metrics on the dataset's test rows as JSON.
 */
final class ReferenceImport {
    private ReferenceImport() {
    }

    static int run(SimulatorCommand c, LogFormat f) throws Exception {
        try (ObjectStores store = TrainerStore.open()) {
            LogDataset dataset;
            try {
                dataset = LogReaders.read(store, c.log.data, f, new LogReaders.Options(c.slateSize, c.history, c.seed));
            } catch (LogFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            UserResponseMetrics m;
            try (UserResponseModel model = ReferenceUserResponse.load(store, c.importReference, dataset, c.log.data,
                    c.reference, c.compute.resolve())) {
                model.save(store, c.out);
                m = model.metrics();
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            String vectors = DataPaths.folder(c.out) + ItemVectorsCsv.FILE;
            store.write(vectors, ItemVectorsCsv.toCsv(dataset.features().items()));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("out", c.out);
            result.put("format", f.value());
            result.put("importedFrom", c.importReference);
            result.put("reference", c.reference);
            result.put("validationAuc", m.validationAuc());
            result.put("validationAucMacro", m.validationAucMacro());
            result.put("validationLoss", m.validationLoss());
            result.put("validationRows", m.validationRows());
            result.put("itemVectors", vectors);
            System.out.println(Json.writeString(result));
        }
        return 0;
    }
}
