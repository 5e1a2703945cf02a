package io.hsrl.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsrl.core.data.SyntheticWorld;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The quickstart's simulated users: the generated world's own users, answering the ab-controller's slates with the
 * world's ground truth and reporting clicks, conversions and costs to its event endpoint.
 */
final class SimulatedUsers {
    private final String namespace;
    private final SyntheticWorld.Config worldConfig;
    private final int simulatedUsers;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    SimulatedUsers(String namespace, SyntheticWorld.Config world, int simulatedUsers, PrintStream out) {
        this.namespace = namespace;
        this.worldConfig = world;
        this.simulatedUsers = simulatedUsers;
        this.out = out;
    }

    /**
     * Simulated users {@code user-0..n-1} are the generated world's users ({@link GroundTruthUsers#pick}: its held-out
     * test users first), each playing a session of up to {@link Quickstart#SESSION_SLATES} slates: they ask the
     * ab-controller for a slate with their current history (catalogue ids) and their logged exposures and conversions
     * before the experiment (the CUPED covariate), click each shown item with the world's ground-truth probability
     * given that history, convert a click with its conversion probability (each converted click is one conversion, an
     * order, so post-click CVR is conversions per click and CPA the cost per order) and report each click's cost
     * ({@code costPerClick · price}); clicked items join the history, and a slate without a click ends the session.
     * So the arms differ by what they recommend. Draws come from one {@code Random(seed)} in user order: the same
     * slates give the same traffic. Until the experiment is routed (404/503) the first user is retried for up to
     * {@code routeTimeout}.
     */
    Quickstart.Traffic run(URI ab, String token, long seed, Duration routeTimeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random rnd = new Random(seed);
        GroundTruthUsers world = GroundTruthUsers.of(worldConfig);
        out.printf("  ground truth: the generated world rebuilt in-process (%d items, %d users of which %d held out)%n",
                world.world().config().items(), world.world().config().users(), world.testUserCount());
        int[] worldUsers = world.pick(simulatedUsers);
        int answered = 0;
        int errors = 0;
        Map<String, Integer> users = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Integer> exposures = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Integer> conversions = new LinkedHashMap<>(Map.of("control", 0, "treatment", 0));
        Map<String, Double> cost = new LinkedHashMap<>(Map.of("control", 0.0, "treatment", 0.0));
        Instant routeDeadline = Instant.now().plus(routeTimeout);
        ArrayNode batch = mapper.createArrayNode();
        for (int u = 0; u < worldUsers.length; u++) {
            String user = "user-" + u;
            GroundTruthUsers.Session session = world.session(worldUsers[u]);
            for (int step = 0; step < Quickstart.SESSION_SLATES; step++) {
                ObjectNode req = mapper.createObjectNode();
                req.put("experiment", namespace + "/" + Quickstart.EXPERIMENT);
                req.put("userId", user);
                ArrayNode history = req.putArray("history");
                for (long id : session.historyIds()) {
                    history.add(id);
                }
                if (step == 0) {
                    GroundTruthUsers.Covariate pre = world.covariate(worldUsers[u]);
                    ObjectNode covariate = req.putObject("covariate");
                    covariate.put("exposures", pre.exposures());
                    covariate.put("conversions", pre.conversions());
                }
                HttpResponse<String> resp = recommend(http, ab, req, answered > 0, routeDeadline);
                if (resp.statusCode() != 200) {
                    errors++;
                    if (errors <= 3) {
                        out.println("  recommend for " + user + " failed (" + resp.statusCode() + "): " + resp.body());
                    }
                    break;
                }
                JsonNode body = mapper.readTree(resp.body());
                String arm = body.path("arm").asText();
                String exposure = body.path("exposureId").asText();
                if (step == 0) {
                    answered++;
                    users.merge(arm, 1, Integer::sum);
                }
                exposures.merge(arm, 1, Integer::sum);
                long[] slate = new long[body.path("items").size()];
                for (int i = 0; i < slate.length; i++) {
                    slate[i] = body.path("items").get(i).asLong();
                }
                boolean clicked = false;
                List<GroundTruthUsers.ItemResponse> responses = session.respond(slate, rnd);
                for (int i = 0; i < responses.size(); i++) {
                    GroundTruthUsers.ItemResponse r = responses.get(i);
                    if (!r.clicked()) {
                        continue;
                    }
                    clicked = true;
                    String id = user + "-" + step + "-" + i;
                    event(batch, id + "-click", exposure, "click", 1);
                    event(batch, id + "-cost", exposure, r.cost());
                    cost.merge(arm, r.cost(), Double::sum);
                    if (r.converted()) {
                        event(batch, id + "-conv", exposure, "conversion", 1);
                        conversions.merge(arm, 1, Integer::sum);
                    }
                }
                if (batch.size() >= 200) {
                    postEvents(http, ab, token, batch);
                    batch = mapper.createArrayNode();
                }
                if (!clicked) {
                    break;
                }
            }
            if ((u + 1) % 100 == 0) {
                out.printf("  %d users: %d answered, %d recommend calls failed%n", u + 1, answered, errors);
            }
        }
        postEvents(http, ab, token, batch);
        out.printf("  %d users: %d answered (control %d users / %d slates, treatment %d users / %d slates), "
                        + "%d recommend calls failed%n", simulatedUsers, answered, users.get("control"),
                exposures.get("control"), users.get("treatment"), exposures.get("treatment"), errors);
        return new Quickstart.Traffic(answered, errors, users, exposures, conversions, cost);
    }

    /**
     * One {@code POST /v1/recommend}, retried on a transient 5xx (twice) and, until the experiment is routed (404/503
     * before any answer), until {@code routeDeadline}.
     */
    private static HttpResponse<String> recommend(HttpClient http, URI ab, ObjectNode req, boolean routed,
                                                  Instant routeDeadline) throws Exception {
        int attempts = 0;
        while (true) {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(ab.resolve("/v1/recommend"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean notRoutedYet = resp.statusCode() == 404 || resp.statusCode() == 503;
            boolean transientError = resp.statusCode() >= 500 && ++attempts < 3;
            if (!transientError && (!notRoutedYet || routed || Instant.now().isAfter(routeDeadline))) {
                return resp;
            }
            Thread.sleep(1000);
        }
    }

    /** A cost: an amount, decimal on the wire. */
    private static void event(ArrayNode batch, String id, String exposure, double cost) {
        ObjectNode e = batch.addObject();
        e.put("eventId", id);
        e.put("exposureId", exposure);
        e.put("type", "cost");
        e.put("value", cost);
    }

    /** Counts are integers on the wire (the ab-controller rejects 1.0 for a click). */
    private static void event(ArrayNode batch, String id, String exposure, String type, long value) {
        ObjectNode e = batch.addObject();
        e.put("eventId", id);
        e.put("exposureId", exposure);
        e.put("type", type);
        e.put("value", value);
    }

    private void postEvents(HttpClient http, URI ab, String token, ArrayNode batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        body.set("events", batch);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ab.resolve("/v1/events"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("events rejected (" + r.statusCode() + "): " + r.body());
        }
    }
}
