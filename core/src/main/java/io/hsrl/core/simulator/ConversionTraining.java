package io.hsrl.core.simulator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.hsrl.core.data.LoggedSlates;

import java.util.SplittableRandom;

/**
 * Fits {@code P(conversion | click, user, history, item)} ({@link ConversionNetwork}) on the logs' clicked exposures:
 * BCE with logits on the conversion label over the clicked items only (a conversion is observed after a click), Adam,
 * the user-response fit's L2 on the scorer; the same rows, epochs, batch size, learning rate and seed as the click
 * model's fit ({@link UserResponseTraining}). The head starts at {@code a = 1} and at the logistic regression of the
 * conversion on the price alone ({@code c + w·z}, fitted by Newton's method), so that the scorer learns what the user
 * and item add to the price. Validation: log-loss and AUC over the validation rows' clicked items, beside those of the hand-set
 * {@link ConversionModel} on the fitted click model's probability.
 */
public final class ConversionTraining {
    private ConversionTraining() {
    }

    /**
     * @param clicks the click model fitted on the same rows (its probabilities feed the hand-set formula compared)
     * @param shape  the click model's shape; the conversion scorer has the same sizes with the concat layer on
     */
    public static FittedConversionModel fit(LoggedSlates train, LoggedSlates validation, UserResponseModel clicks,
                                            UserResponseShape shape, UserResponseTraining.Args args, Device device,
                                            UserResponseTraining.Progress progress) {
        if (!train.hasConversions()) {
            throw new IllegalArgumentException(train.source() + ": the logs carry no conversions to fit a conversion model on");
        }
        UserResponseShape s = new UserResponseShape(shape.profileDimension(), shape.itemDimension(), shape.slateSize(),
                shape.historyLength(), shape.featureDimension(), shape.hiddenDimension(), shape.heads(),
                shape.dropout(), true);
        PriceScale scale = PriceScale.of(train.features().items());
        double[] z = scale.zs(train.features().items());
        double[] prior = priceLogit(train, z);
        long clicked = (long) prior[2];
        Model model = Model.newInstance("conversion", device, "PyTorch");
        try {
            ConversionNetwork network = new ConversionNetwork(s);
            model.setBlock(network);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(args.learningRate())).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(adam).optDevices(new Device[]{device});
            long start = System.nanoTime();
            double emaLoss = Double.NaN;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(network.inputShapes(1));
                network.head().getArray().set(new float[]{1f, (float) prior[1], (float) prior[0]});
                SplittableRandom rng = new SplittableRandom(args.seed() ^ 0xC0BBL);
                Batch in = new Batch(s, args.batchSize());
                int batches = (train.rows() + args.batchSize() - 1) / args.batchSize();
                for (int epoch = 0; epoch < args.epochs(); epoch++) {
                    int[] order = UserResponseTraining.permutation(train.rows(), rng);
                    for (int b = 0; b < batches; b++) {
                        int from = b * args.batchSize();
                        int n = Math.min(args.batchSize(), train.rows() - from);
                        int clicks0 = in.fill(train, z, order, from, n);
                        if (clicks0 == 0) {
                            continue;
                        }
                        double loss = step(trainer, network, s, in, n, args);
                        emaLoss = Double.isNaN(emaLoss) ? loss : 0.95 * emaLoss + 0.05 * loss;
                        if (progress != null) {
                            progress.batch(epoch, b, batches, emaLoss);
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ConversionManifest provisional = new ConversionManifest(ConversionManifest.SCHEMA_VERSION,
                    ConversionManifest.KIND, s, args, null, scale, UserResponseModel.parameterShapes(network),
                    FittedConversionModel.PARAMETERS_FILE);
            FittedConversionModel fitted = new FittedConversionModel(model, network, provisional);
            ConversionMetrics metrics = evaluate(fitted, clicks, validation, clicked, emaLoss, seconds, args.batchSize());
            return new FittedConversionModel(model, network, new ConversionManifest(provisional.schemaVersion(),
                    provisional.kind(), s, args, metrics, scale, provisional.parameterShapes(), provisional.parametersFile()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * {@code (c, w, clicks)}: the maximum-likelihood {@code σ(c + w·z)} of a conversion given a click over the clicked
     * items (Newton's method, a small ridge so that a price-free or separable log stays finite).
     */
    static double[] priceLogit(LoggedSlates rows, double[] z) {
        double c = 0;
        double w = 0;
        long clicks = 0;
        for (int iter = 0; iter < 25; iter++) {
            double g0 = -1e-3 * c;
            double g1 = -1e-3 * w;
            double h00 = 1e-3;
            double h01 = 0;
            double h11 = 1e-3;
            clicks = 0;
            for (int r = 0; r < rows.rows(); r++) {
                for (int q = 0; q < rows.slateSize(); q++) {
                    if (rows.feedback(r, q) <= 0) {
                        continue;
                    }
                    clicks++;
                    double x = z[rows.item(r, q)];
                    double p = 1 / (1 + Math.exp(-(c + w * x)));
                    double e = (rows.conversion(r, q) > 0 ? 1 : 0) - p;
                    double v = p * (1 - p);
                    g0 += e;
                    g1 += e * x;
                    h00 += v;
                    h01 += v * x;
                    h11 += v * x * x;
                }
            }
            double det = h00 * h11 - h01 * h01;
            if (!(det > 0)) {
                break;
            }
            double dc = (h11 * g0 - h01 * g1) / det;
            double dw = (h00 * g1 - h01 * g0) / det;
            c += dc;
            w += dw;
            if (Math.abs(dc) + Math.abs(dw) < 1e-9) {
                break;
            }
        }
        return new double[]{c, w, clicks};
    }

    private static double step(Trainer trainer, ConversionNetwork network, UserResponseShape s, Batch in, int n,
                               UserResponseTraining.Args args) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            UserResponseModel.InputBatch x = in.inputs();
            NDList inputs = network.inputs(step, x.profiles(n), x.history(n), x.exposure(n), in.priceZ(n), n);
            NDArray y = step.create(in.labels(n), new Shape(n, s.slateSize()));
            NDArray mask = step.create(in.mask(n), new Shape(n, s.slateSize()));
            float lossValue;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(inputs).singletonOrThrow();
                NDArray elem = UserResponseTraining.bceWithLogitsTerms(logits, y);
                NDArray loss = UserResponseTraining.withL2(elem.mul(mask).sum().div(mask.sum().maximum(1f)),
                        network.l2Parameters(), step, args);
                lossValue = loss.getFloat();
                gc.backward(loss);
            }
            trainer.step();
            return lossValue;
        }
    }

    /** Log-loss and AUC over the validation rows' clicked items, of the fitted model and of the hand-set formula. */
    static ConversionMetrics evaluate(FittedConversionModel model, UserResponseModel clicks, LoggedSlates validation,
                                      long trainClicks, double trainLoss, double seconds, int batchSize) {
        if (validation == null || validation.rows() == 0 || !validation.hasConversions()) {
            return new ConversionMetrics(trainClicks, 0, 0, trainLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    seconds);
        }
        UserResponseShape s = model.shape();
        int k = s.slateSize();
        double[] z = model.priceScale().zs(validation.features().items());
        ConversionModel handSet = ConversionModel.defaults();
        float[] fittedLogits = new float[validation.rows() * k];
        float[] handSetP = new float[validation.rows() * k];
        Batch in = new Batch(s, batchSize);
        for (int from = 0; from < validation.rows(); from += batchSize) {
            int n = Math.min(batchSize, validation.rows() - from);
            in.fill(validation, z, null, from, n);
            UserResponseModel.InputBatch x = in.inputs();
            float[] lg = model.logits(x.profiles(n), x.history(n), x.exposure(n), in.priceZ(n), n);
            System.arraycopy(lg, 0, fittedLogits, from * k, n * k);
            float[] pc = clicks.scores(x.profiles(n), x.history(n), x.exposure(n), n);
            float[] pz = in.priceZ(n);
            for (int i = 0; i < n * k; i++) {
                double click = 1 / (1 + Math.exp(-pc[i]));
                handSetP[from * k + i] = (float) handSet.probability(click, pz[i]);
            }
        }
        int m = 0;
        long positives = 0;
        float[] fs = new float[fittedLogits.length];
        float[] hs = new float[fittedLogits.length];
        float[] ys = new float[fittedLogits.length];
        double fittedLoss = 0;
        double handLoss = 0;
        for (int r = 0; r < validation.rows(); r++) {
            for (int q = 0; q < k; q++) {
                if (validation.feedback(r, q) <= 0) {
                    continue;
                }
                float y = validation.conversion(r, q) > 0 ? 1f : 0f;
                double lg = fittedLogits[r * k + q];
                fittedLoss += UserResponseTraining.logLoss(lg, y);
                double hp = Math.min(Math.max(handSetP[r * k + q], 1e-7), 1 - 1e-7);
                handLoss -= y * Math.log(hp) + (1 - y) * Math.log(1 - hp);
                fs[m] = (float) lg;
                hs[m] = (float) hp;
                ys[m] = y;
                positives += (long) y;
                m++;
            }
        }
        if (m == 0) {
            return new ConversionMetrics(trainClicks, 0, 0, trainLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    seconds);
        }
        return new ConversionMetrics(trainClicks, m, positives, trainLoss, fittedLoss / m, Auc.of(fs, ys, m),
                handLoss / m, Auc.of(hs, ys, m), seconds);
    }

    /**
     * One batch of conversion-model inputs gathered from logged rows: the click model's inputs
     * ({@link UserResponseModel.InputBatch}) and, per slate position, the item's price z, the click mask and the
     * conversion label.
     */
    static final class Batch {
        private final UserResponseModel.InputBatch inputs;
        private final int k;
        private final float[] priceZ;
        private final float[] labels;
        private final float[] mask;

        Batch(UserResponseShape s, int capacity) {
            inputs = new UserResponseModel.InputBatch(s, capacity);
            k = s.slateSize();
            priceZ = new float[capacity * k];
            labels = new float[capacity * k];
            mask = new float[capacity * k];
        }

        /** Rows {@code order[from..from+n)} (or {@code from..from+n} when order is null); returns the clicks. */
        int fill(LoggedSlates data, double[] z, int[] order, int from, int n) {
            inputs.fill(data, order, from, n);
            int clicks = 0;
            for (int i = 0; i < n; i++) {
                int r = order == null ? from + i : order[from + i];
                for (int q = 0; q < k; q++) {
                    boolean c = data.feedback(r, q) > 0;
                    mask[i * k + q] = c ? 1f : 0f;
                    labels[i * k + q] = c && data.conversion(r, q) > 0 ? 1f : 0f;
                    priceZ[i * k + q] = (float) z[data.item(r, q)];
                    clicks += c ? 1 : 0;
                }
            }
            return clicks;
        }

        /** The click model's inputs of the rows last filled. */
        UserResponseModel.InputBatch inputs() {
            return inputs;
        }

        float[] priceZ(int n) {
            return UserResponseModel.InputBatch.cut(priceZ, n * k);
        }

        float[] labels(int n) {
            return UserResponseModel.InputBatch.cut(labels, n * k);
        }

        float[] mask(int n) {
            return UserResponseModel.InputBatch.cut(mask, n * k);
        }
    }
}
