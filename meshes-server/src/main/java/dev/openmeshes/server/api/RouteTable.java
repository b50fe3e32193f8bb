package dev.openmeshes.server.api;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route the server answers, registered through this one table: it hands each to the router
 * and remembers its method and path, so the OpenAPI drift test compares the description with what
 * the router really serves.
 */
public final class RouteTable {

    /** One registered route: its method and its path pattern as the router takes it. */
    public record Route(String method, String path) {}

    private final HttpRouting.Builder routing;
    private final List<Route> routes = new ArrayList<>();

    public RouteTable(HttpRouting.Builder routing) {
        this.routing = routing;
    }

    public RouteTable get(String path, Handler handler) {
        return add(Method.GET, path, handler);
    }

    public RouteTable post(String path, Handler handler) {
        return add(Method.POST, path, handler);
    }

    public RouteTable put(String path, Handler handler) {
        return add(Method.PUT, path, handler);
    }

    public RouteTable delete(String path, Handler handler) {
        return add(Method.DELETE, path, handler);
    }

    public RouteTable options(String path, Handler handler) {
        return add(Method.OPTIONS, path, handler);
    }

    /** The answer to whatever no route matched; not a route of its own. */
    void fallback(Handler handler) {
        routing.any(handler);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private RouteTable add(Method method, String path, Handler handler) {
        routing.route(method, path, handler);
        routes.add(new Route(method.text(), path));
        return this;
    }
}
