package io.hsrl.trainer;

import ai.djl.Device;
import io.hsrl.core.data.DataPaths;
import io.hsrl.core.data.ItemVectorsCsv;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogFormatException;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.simulator.ConversionMetrics;
import io.hsrl.core.simulator.UserResponseMetrics;
import io.hsrl.core.simulator.UserResponseModel;
import io.hsrl.core.simulator.UserResponseTraining;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trainer simulator --data <uri> --format … --out <uri>}: reads the logs, fits the user-response model, writes
 * {@code urm.params} + {@code urm.json} (and the item vectors it used) under {@code --out} and prints the validation
 * AUC as JSON. Logs that carry conversions also get a conversion model fitted on their clicked items
 * ({@code conversion.params} + {@code conversion.json}), whose validation AUC and log-loss are printed beside the
 * click model's and beside those of the hand-set formula.
 */
@Command(name = "simulator", description = {"Fit the user-response model (the simulator) on logged slates.",
        "",
        "Writes urm.params, urm.json and item_vectors.csv under --out and prints the validation AUC and loss as JSON.",
        "Logs with conversions (rl4rs, csv with conversion columns, synthetic) also get a conversion model fitted on "
                + "their clicked items (conversion.params, conversion.json), used by the environment in place of the "
                + "hand-set formula; its validation AUC and loss are printed under \"conversions\"."})
public class SimulatorCommand implements Callable<Integer> {
    @Mixin
    LogOptions log = new LogOptions();

    @Option(names = "--out", required = true, description = "Folder for urm.params and urm.json (local or s3://).")
    String out;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Minibatch rows.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate.")
    float learningRate;

    @Option(names = "--l2", defaultValue = "0.0003", description = "L2 coefficient.")
    float l2;

    @Option(names = "--seed", defaultValue = "19", description = "Seed of the initial weights, minibatches and split.")
    long seed;

    @Option(names = "--reference", description = "Reproduce the reference implementation's quirks: double sigmoid in "
            + "the loss, dropout on while simulating. Default: off.")
    boolean reference;

    @Option(names = "--validation-fraction", defaultValue = "0.1",
            description = "Held-out fraction when the format has no test file.")
    double validationFraction;

    @Option(names = "--history", defaultValue = "50", description = "History length H (items a user's state remembers).")
    int history;

    @Option(names = "--slate-size", defaultValue = "9", description = "Slate size K for movielens and csv logs (the "
            + "other formats carry their slates).")
    int slateSize;

    @Mixin
    ComputeOptions compute = new ComputeOptions();

    @Option(names = "--import-reference", paramLabel = "DIR",
            description = "Do not fit: load the Python reference's trained model from DIR (one .npy per state-dict "
                    + "tensor, written by export_reference_urm.py); --data is the dataset it simulates. Default: none (fit).")
    String importReference;

    @Override
    public Integer call() throws Exception {
        LogFormat f = log.logFormat();
        if (importReference != null) {
            return ReferenceImport.run(this, f);
        }
        if (history < 1 || slateSize < 1) {
            throw new IllegalArgumentException("--history and --slate-size must be at least 1");
        }
        UserResponseTraining.Args defaults = UserResponseTraining.Args.defaults();
        UserResponseTraining.Args args = new UserResponseTraining.Args(epochs, batchSize, learningRate, l2, seed,
                reference, validationFraction, defaults.featureDimension(), defaults.hiddenDimension(), defaults.heads(),
                defaults.dropout());
        Device d = compute.resolve();
        try (ObjectStores store = TrainerStore.open()) {
            Fitted fitted = fit(store, log.data, f, args, new LogReaders.Options(slateSize, history, seed), d, out);
            UserResponseMetrics m = fitted.metrics();
            String vectors = fitted.itemVectors();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("out", out);
            result.put("format", f.value());
            result.put("reference", reference);
            result.put("validationAuc", m.validationAuc());
            result.put("validationAucMacro", m.validationAucMacro());
            result.put("validationLoss", m.validationLoss());
            result.put("trainRows", m.trainRows());
            result.put("validationRows", m.validationRows());
            result.put("rowsPerSecond", m.rowsPerSecond());
            ConversionMetrics c = fitted.conversions();
            if (c != null) {
                Map<String, Object> conv = new LinkedHashMap<>();
                conv.put("validationAuc", c.validationAuc());
                conv.put("validationLoss", c.validationLoss());
                conv.put("handSetValidationAuc", c.handSetValidationAuc());
                conv.put("handSetValidationLoss", c.handSetValidationLoss());
                conv.put("trainClicks", c.trainClicks());
                conv.put("validationClicks", c.validationClicks());
                conv.put("validationConversions", c.validationConversions());
                result.put("conversions", conv);
            }
            result.put("itemVectors", vectors);
            System.out.println(Json.writeString(result));
        }
        return 0;
    }

    /**
     * What a fit produced: the click model's metrics, the conversion model's (null when the logs carry no
     * conversions), and where the item vectors it used were written.
     */
    record Fitted(UserResponseMetrics metrics, ConversionMetrics conversions, String itemVectors) {
    }

    /**
     * Reads the logs, fits the user-response model and writes it (and the item vectors it used, indexable with
     * {@code trainer index --catalog <out>/item_vectors.csv --format csv}) under {@code out}. Shared by
     * {@code simulator} and by {@code train} when no simulator is given.
     */
    static Fitted fit(ObjectStores store, String data, LogFormat f, UserResponseTraining.Args args,
            LogReaders.Options options, Device d, String out) throws Exception {
        System.err.println("reading " + f.value() + " logs from " + data);
        LogDataset dataset;
        try {
            dataset = LogReaders.read(store, data, f, options);
        } catch (LogFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        System.err.println("read " + dataset.train() + (dataset.test() == null ? "" : " and " + dataset.test().rows()
                + " test rows"));
        ProgressBar bar = new ProgressBar(System.err, "simulator");
        UserResponseMetrics m;
        ConversionMetrics c;
        try (UserResponseModel model = UserResponseTraining.fit(dataset, data, args, d, (epoch, batch, batches, loss) ->
                bar.update((long) epoch * batches + batch + 1, (long) args.epochs() * batches,
                        String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch + 1, args.epochs(), loss)))) {
            model.save(store, out);
            m = model.metrics();
            c = model.conversions() == null ? null : model.conversions().metrics();
        }
        if (c != null) {
            System.err.printf(Locale.ROOT, "conversion model on %d held-out clicks: AUC %.4f log-loss %.4f "
                    + "(hand-set formula: AUC %.4f log-loss %.4f)%n", c.validationClicks(), c.validationAuc(),
                    c.validationLoss(), c.handSetValidationAuc(), c.handSetValidationLoss());
        } else {
            System.err.println("the logs carry no conversions: the simulator keeps the hand-set conversion model");
        }
        String vectors = DataPaths.folder(out) + ItemVectorsCsv.FILE;
        store.write(vectors, ItemVectorsCsv.toCsv(dataset.features().items()));
        return new Fitted(m, c, vectors);
    }
}
