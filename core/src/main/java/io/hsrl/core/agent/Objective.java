package io.hsrl.core.agent;

import io.hsrl.artifact.TrainingObjectiveRecord;
import io.hsrl.contracts.CostBudget;
import io.hsrl.contracts.ObjectiveType;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.simulator.ConversionModel;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the agent maximises, formed in this one place for every learning agent (hsrl in both modes, flat A2C, DDPG):
 * the replay buffer keeps each transition's raw outcomes (the simulator's engagement reward, per-item clicks,
 * conversions and costs) and asks the objective for the reward of each replayed slate, so a change of λ applies to
 * the whole buffer at once.
 *
 * <ul>
 *   <li>{@code engagement}: the simulator's reward ({@code mean_with_cost}, the RL4RS sweet point where configured);</li>
 *   <li>{@code conversions}: constrained RL on the Lagrangian of "total cost ≤ b × exposures",
 *       {@code r = Σ_k (conversion_k − λ·(cost_k − b)) / (1 + λ)} over the slate's items (b the budget per exposure;
 *       divided by {@code 1 + λ} so that the reward's scale stays that of one conversion however large λ grows), with
 *       λ ≥ 0 adapted by projected dual ascent once per iteration,
 *       {@code λ ← max(0, λ + η·(ĉ − b))}: ĉ is the training policy's cost per exposure over the last
 *       {@code window} iterations, b the budget (resolved against the logging policy's cost per exposure on the
 *       training logs), and {@code η = dualStep · (conversions per unit cost over the window) / b}, so that
 *       {@code dualStep} is a rate free of the catalogue's price units: a cost 10% over budget raises λ by
 *       {@code dualStep·10%} of the window's conversions-per-cost exchange rate per iteration.</li>
 * </ul>
 * The budget holds when ĉ ≤ b·(1 + {@value #HOLD_TOLERANCE}). Not thread-safe.
 */
public final class Objective {
    /** Iterations the running estimates are over. */
    public static final int DEFAULT_WINDOW = 100;
    /** The dual step as a rate (see the class comment). */
    public static final double DEFAULT_DUAL_STEP = 0.05;
    /** Relative excess over the budget still counted as holding (the window's sampling noise). */
    public static final double HOLD_TOLERANCE = 0.02;

    private final ObjectiveType type;
    private final CostBudget costBudget;
    private final double behaviourCost;
    private final double budget;
    private final double dualStep;
    private final int window;
    private final Deque<double[]> recent = new ArrayDeque<>();
    private final double[] sums = new double[4]; // exposures, clicks, conversions, cost
    private boolean reported;
    private double lambda;

    /**
     * @param behaviourCostPerExposure the logging policy's cost per exposure on the training logs (NaN if unknown:
     *                                 then only an absolute budget or none can be resolved)
     */
    public Objective(ObjectiveType type, CostBudget costBudget, double behaviourCostPerExposure, double dualStep, int window) {
        if (type == null) {
            throw new IllegalArgumentException("objective type is required");
        }
        if (!(dualStep >= 0) || Double.isInfinite(dualStep)) {
            throw new IllegalArgumentException("dual step must be a finite number >= 0, was " + dualStep);
        }
        if (window < 1) {
            throw new IllegalArgumentException("objective window must be >= 1 iteration, was " + window);
        }
        this.type = type;
        this.costBudget = type == ObjectiveType.CONVERSIONS ? (costBudget == null ? CostBudget.DEFAULT : costBudget) : null;
        this.behaviourCost = behaviourCostPerExposure;
        this.budget = this.costBudget == null ? Double.POSITIVE_INFINITY : this.costBudget.resolve(behaviourCostPerExposure);
        this.dualStep = dualStep;
        this.window = window;
    }

    /** The simulator's engagement reward; conversions and cost per exposure are still measured where reported. */
    public static Objective engagement() {
        return new Objective(ObjectiveType.ENGAGEMENT, null, Double.NaN, DEFAULT_DUAL_STEP, DEFAULT_WINDOW);
    }

    public static Objective conversions(CostBudget budget, double behaviourCostPerExposure) {
        return new Objective(ObjectiveType.CONVERSIONS, budget, behaviourCostPerExposure, DEFAULT_DUAL_STEP, DEFAULT_WINDOW);
    }

    public ObjectiveType type() {
        return type;
    }

    /** Whether a cost budget constrains the policy (conversions with a finite budget). */
    public boolean constrained() {
        return Double.isFinite(budget);
    }

    /** The cost per exposure allowed; +∞ without a budget. */
    public double budget() {
        return budget;
    }

    public double lambda() {
        return lambda;
    }

    /** Continues from a checkpoint's λ. */
    public void setLambda(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("λ must be a finite number >= 0, was " + lambda);
        }
        this.lambda = lambda;
    }

    /** The reward of one slate: the engagement reward, or {@code Σ_k (conversion_k − λ·(cost_k − b)) / (1 + λ)}. */
    public float reward(float engagementReward, float[] conversions, float[] costs) {
        if (type == ObjectiveType.ENGAGEMENT) {
            return engagementReward;
        }
        if (lambda == 0) {
            double r = 0;
            for (float c : conversions) {
                r += c;
            }
            return (float) r;
        }
        double r = 0;
        for (int k = 0; k < conversions.length; k++) {
            r += conversions[k] - lambda * (costs[k] - budget);
        }
        return (float) (r / (1 + lambda));
    }

    /**
     * Each slate item's own signal for per-item credit (hsrl mode's item targets): its click under engagement, its
     * {@code (conversion − λ·(cost − b)) / (1 + λ)} under conversions (the slate's reward is their sum).
     */
    public float[] itemSignals(float[] clicks, float[] conversions, float[] costs) {
        if (type == ObjectiveType.ENGAGEMENT) {
            return clicks;
        }
        float[] out = new float[conversions.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = lambda == 0 ? conversions[k] : (float) ((conversions[k] - lambda * (costs[k] - budget)) / (1 + lambda));
        }
        return out;
    }

    /** Checks that the environment reports what this objective needs. */
    public void requireResponse(SlateEnvironment.Step step) {
        if (type == ObjectiveType.CONVERSIONS && (step.conversions() == null || step.costs() == null)) {
            throw new IllegalStateException("the conversions objective needs an environment that reports conversions "
                    + "and costs per slate item");
        }
    }

    /** Adds one training step's exposures, clicks, conversions and costs to the running window. */
    public void observe(SlateEnvironment.Step step) {
        requireResponse(step);
        if (step.conversions() == null || step.costs() == null) {
            return;
        }
        double[] s = new double[4];
        for (int b = 0; b < step.feedback().length; b++) {
            for (int k = 0; k < step.feedback()[b].length; k++) {
                s[0]++;
                s[1] += step.feedback()[b][k];
                s[2] += step.conversions()[b][k];
                s[3] += step.costs()[b][k];
            }
        }
        recent.addLast(s);
        for (int i = 0; i < 4; i++) {
            sums[i] += s[i];
        }
        if (recent.size() > window) {
            double[] old = recent.removeFirst();
            for (int i = 0; i < 4; i++) {
                sums[i] -= old[i];
            }
        }
        reported = true;
    }

    /** One projected dual-ascent step on λ from the running window (constrained objectives only). */
    public void updateMultiplier() {
        if (!constrained() || sums[0] == 0) {
            return;
        }
        double cost = costPerExposure();
        double rate = conversionsPerExposure() / Math.max(Math.max(cost, budget), 1e-12);
        double eta = dualStep * rate / Math.max(budget, 1e-12);
        lambda = Math.max(0, lambda + eta * (cost - budget));
    }

    public double costPerExposure() {
        return sums[0] == 0 ? Double.NaN : sums[3] / sums[0];
    }

    public double conversionsPerExposure() {
        return sums[0] == 0 ? Double.NaN : sums[2] / sums[0];
    }

    public double clicksPerExposure() {
        return sums[0] == 0 ? Double.NaN : sums[1] / sums[0];
    }

    /** Whether the window's cost per exposure is within the budget; null without a budget or before any step. */
    public Boolean budgetHolds() {
        if (!constrained() || sums[0] == 0) {
            return null;
        }
        return costPerExposure() <= budget * (1 + HOLD_TOLERANCE) + 1e-12;
    }

    /** The figures for progress.json and manifests; null while the environment has reported no response. */
    public TrainingObjectiveRecord record() {
        if (!reported) {
            return null;
        }
        boolean conv = type == ObjectiveType.CONVERSIONS;
        return new TrainingObjectiveRecord(type.value(), conv ? costBudget.toString() : null,
                constrained() ? round(budget) : null, finite(behaviourCost), finite(conversionsPerExposure()),
                finite(costPerExposure()), finite(clicksPerExposure()), conv ? round(lambda) : null, budgetHolds(),
                (long) sums[0]);
    }

    /** One line for the progress log. */
    public String summary() {
        if (!reported) {
            return "";
        }
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "conv/exp %.4f cost/exp %.4f",
                conversionsPerExposure(), costPerExposure()));
        if (type == ObjectiveType.CONVERSIONS) {
            if (constrained()) {
                s.append(String.format(java.util.Locale.ROOT, " budget %.4f (%s) %s", budget, costBudget,
                        budgetHolds() ? "holds" : "exceeded"));
            } else {
                s.append(" budget none");
            }
            s.append(String.format(java.util.Locale.ROOT, " lambda %.4f", lambda));
        }
        return s.toString();
    }

    /**
     * The logging (behaviour) policy's cost per exposure on logged slates: each clicked logged item priced by the
     * simulator's cost model, over all logged exposures.
     */
    public static double behaviourCostPerExposure(LoggedSlates logs, ConversionModel model) {
        ItemTable items = logs.features().items();
        double cost = 0;
        long exposures = 0;
        for (int r = 0; r < logs.rows(); r++) {
            for (int k = 0; k < logs.slateSize(); k++) {
                exposures++;
                if (logs.feedback(r, k) > 0) {
                    cost += model.cost(items.price(logs.item(r, k)));
                }
            }
        }
        return exposures == 0 ? Double.NaN : cost / exposures;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? round(d) : null;
    }

    private static double round(double d) {
        return Math.round(d * 1e8) / 1e8;
    }

    @Override
    public String toString() {
        return type == ObjectiveType.CONVERSIONS ? "conversions(budget " + costBudget + " = " + budget + ")" : "engagement";
    }
}
