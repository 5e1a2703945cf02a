package io.hsrl.core.simulator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.core.nn.Scalars;

import java.util.SplittableRandom;

/**
 * Fits a {@link UserResponseModel} on logged slates (hsrl-reference.md §2, §9.2): BCE on every exposed item, Adam
 * without weight decay, plus {@code l2 · Σ_params mean(p²)} over the portrait DNN, item linear and both attentions.
 * The default loss is the correct {@code BCEWithLogits(score, y)}; {@code reference} reproduces the double sigmoid
 * ({@code BCEWithLogits(σ(score), y)}, §13 item 8) and keeps dropout on when simulating. Validation uses the dataset's
 * test rows, or a seeded {@code validationFraction} of the training rows when there are none. When the logs carry
 * conversions, a conversion model is fitted on the same rows' clicked items ({@link ConversionTraining}) and attached.
 */
public final class UserResponseTraining {
    /** Training arguments; defaults are the reference's used values (§9.2: lr 1e-3, l2 3e-4, 2 epochs, batch 128). */
    public record Args(int epochs, int batchSize, float learningRate, float l2, long seed, boolean reference,
                       double validationFraction, int featureDimension, int hiddenDimension, int heads, float dropout) {
        public Args {
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batch size must be >= 1 (were " + epochs + ", " + batchSize + ")");
            }
            if (!(learningRate > 0) || l2 < 0) {
                throw new IllegalArgumentException("learning rate must be > 0 and l2 >= 0 (were " + learningRate + ", " + l2 + ")");
            }
            if (validationFraction < 0 || validationFraction >= 1) {
                throw new IllegalArgumentException("validation fraction must be in [0, 1), was " + validationFraction);
            }
        }

        public static Args defaults() {
            return new Args(2, 128, 1e-3f, 3e-4f, 19, false, 0.1, 16, 256, 2, 0.2f);
        }

        public Args withEpochs(int e) {
            return new Args(e, batchSize, learningRate, l2, seed, reference, validationFraction, featureDimension,
                    hiddenDimension, heads, dropout);
        }

        public Args withSeed(long s) {
            return new Args(epochs, batchSize, learningRate, l2, s, reference, validationFraction, featureDimension,
                    hiddenDimension, heads, dropout);
        }

        public Args withReference(boolean r) {
            return new Args(epochs, batchSize, learningRate, l2, seed, r, validationFraction, featureDimension,
                    hiddenDimension, heads, dropout);
        }

        public Args withLearningRate(float lr) {
            return new Args(epochs, batchSize, lr, l2, seed, reference, validationFraction, featureDimension,
                    hiddenDimension, heads, dropout);
        }
    }

    /** Called after every batch (for progress bars). */
    @FunctionalInterface
    public interface Progress {
        void batch(int epoch, int batch, int batchesPerEpoch, double loss);
    }

    private UserResponseTraining() {
    }

    /**
     * Fits on {@code data}. {@code dataUri} is recorded in the manifest (may be null). The ML1M concat layer is used
     * when the data is ML1M-format.
     */
    public static UserResponseModel fit(LogDataset data, String dataUri, Args args, Device device, Progress progress) {
        LoggedSlates train = data.train();
        LoggedSlates validation = data.test();
        if (validation == null && args.validationFraction() > 0 && train.rows() >= 2) {
            int[] perm = permutation(train.rows(), new SplittableRandom(args.seed() ^ 0x5EEDL));
            int nVal = Math.max(1, (int) Math.round(train.rows() * args.validationFraction()));
            validation = train.select(java.util.Arrays.copyOfRange(perm, 0, nVal), train.source() + " (validation)");
            int[] rest = java.util.Arrays.copyOfRange(perm, nVal, perm.length);
            java.util.Arrays.sort(rest);
            train = train.select(rest, train.source() + " (train)");
        }
        UserResponseShape shape = new UserResponseShape(train.profileDimension(), train.itemDimension(),
                train.slateSize(), train.historyLength(), args.featureDimension(), args.hiddenDimension(), args.heads(),
                args.dropout(), data.format() == io.hsrl.contracts.LogFormat.ML1M);
        Engine engine = ComputeDevice.engine();
        engine.setRandomSeed((int) args.seed());
        Model model = Model.newInstance("user-response", device, "PyTorch");
        try {
            UserResponseNetwork network = new UserResponseNetwork(shape);
            model.setBlock(network);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(args.learningRate())).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                    .optOptimizer(adam).optDevices(new Device[]{device});
            long start = System.nanoTime();
            double lastLoss = Double.NaN;
            long rowsSeen = 0;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(network.inputShapes(1));
                SplittableRandom rng = new SplittableRandom(args.seed());
                UserResponseModel.InputBatch in = new UserResponseModel.InputBatch(shape, args.batchSize());
                int batches = (train.rows() + args.batchSize() - 1) / args.batchSize();
                double emaLoss = Double.NaN;
                for (int epoch = 0; epoch < args.epochs(); epoch++) {
                    int[] order = permutation(train.rows(), rng);
                    for (int b = 0; b < batches; b++) {
                        int from = b * args.batchSize();
                        int n = Math.min(args.batchSize(), train.rows() - from);
                        in.fill(train, order, from, n);
                        double loss = step(trainer, network, shape, in, n, args);
                        emaLoss = Double.isNaN(emaLoss) ? loss : 0.95 * emaLoss + 0.05 * loss;
                        rowsSeen += n;
                        if (progress != null) {
                            progress.batch(epoch, b, batches, emaLoss);
                        }
                    }
                }
                lastLoss = emaLoss;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            UserResponseManifest provisional = new UserResponseManifest(UserResponseManifest.SCHEMA_VERSION,
                    UserResponseManifest.KIND, shape, args, null, dataRef(dataUri, data),
                    UserResponseModel.parameterShapes(network), UserResponseModel.PARAMETERS_FILE);
            UserResponseModel fitted = new UserResponseModel(model, network, provisional);
            UserResponseMetrics metrics = evaluate(fitted, train.rows(), validation, lastLoss, seconds,
                    rowsSeen / Math.max(seconds, 1e-9), args.batchSize());
            UserResponseManifest manifest = new UserResponseManifest(provisional.schemaVersion(), provisional.kind(),
                    shape, args, metrics, provisional.data(), provisional.parameterShapes(), provisional.parametersFile());
            UserResponseModel done = new UserResponseModel(model, network, manifest);
            if (train.hasConversions()) {
                done.attachConversions(ConversionTraining.fit(train, validation, done, shape, args, device, null));
            }
            return done;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Σ over the parameters of mean(w²), its temporaries on {@code step} (off the parameters' manager). */
    static NDArray l2Penalty(java.util.List<Parameter> parameters, NDManager step) {
        NDArray reg = null;
        for (Parameter param : parameters) {
            NDArray sq = param.getArray().square();
            sq.attach(step);
            NDArray m = sq.mean();
            reg = reg == null ? m : reg.add(m);
        }
        return reg;
    }

    private static UserResponseManifest.DataRef dataRef(String uri, LogDataset data) {
        return new UserResponseManifest.DataRef(uri, data.format().value(), data.train().historyLength(),
                data.train().slateSize());
    }

    private static double step(Trainer trainer, UserResponseNetwork network, UserResponseShape shape,
                               UserResponseModel.InputBatch in, int n, Args args) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDList x = network.inputs(step, in.profiles(n), in.history(n), in.exposure(n), n);
            NDArray y = step.create(in.labels(n), new Shape(n, shape.slateSize()));
            float lossValue;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray scores = trainer.forward(x).singletonOrThrow();
                // reference: BCEWithLogits applied to σ(score), i.e. the sigmoid twice (§13 item 8)
                NDArray logits = args.reference() ? ai.djl.nn.Activation.sigmoid(scores) : scores;
                NDArray loss = withL2(bceWithLogits(logits, y), network.l2Parameters(), step, args);
                lossValue = loss.getFloat();
                gc.backward(loss);
            }
            trainer.step();
            return lossValue;
        }
    }

    /** {@code loss + l2 · Σ mean(w²)} over {@code parameters} ({@link #l2Penalty}); {@code loss} alone when l2 is 0. */
    static NDArray withL2(NDArray loss, java.util.List<Parameter> parameters, NDManager step, Args args) {
        return args.l2() > 0 ? loss.add(Scalars.mul(l2Penalty(parameters, step), args.l2())) : loss;
    }

    /** Mean of {@link #bceWithLogitsTerms}. */
    static NDArray bceWithLogits(NDArray z, NDArray y) {
        return bceWithLogitsTerms(z, y).mean();
    }

    /** Elementwise {@code max(z,0) − z·y + log(1 + e^{−|z|})}, the numerically stable BCE with logits. */
    static NDArray bceWithLogitsTerms(NDArray z, NDArray y) {
        return Scalars.maximum(z, 0).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log());
    }

    /** {@link #bceWithLogitsTerms} of one logit {@code z} and label {@code y} on the host. */
    static double logLoss(double z, double y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static UserResponseMetrics evaluate(UserResponseModel model, int trainRows, LoggedSlates validation,
                                        double trainLoss, double seconds, double rowsPerSecond, int batchSize) {
        if (validation == null || validation.rows() == 0) {
            return new UserResponseMetrics(trainRows, 0, trainLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    seconds, rowsPerSecond);
        }
        int k = validation.slateSize();
        float[] scores = model.scores(validation, batchSize);
        float[] labels = new float[validation.rows() * k];
        for (int r = 0; r < validation.rows(); r++) {
            validation.copyFeedback(r, labels, r * k);
        }
        double logLoss = 0;
        for (int i = 0; i < scores.length; i++) {
            logLoss += logLoss(scores[i], labels[i]);
        }
        return new UserResponseMetrics(trainRows, validation.rows(), trainLoss, logLoss / scores.length,
                Auc.of(scores, labels, scores.length), Auc.macroOverPositions(scores, labels, validation.rows(), k),
                validation.clickRate(), seconds, rowsPerSecond);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
