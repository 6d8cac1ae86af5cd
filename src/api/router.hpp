// Maps method + path pattern ("/v1/claims/{id}") to handler functions Request -> Response, or to
// asynchronous handlers that answer later through a callback (a claim answers when its group
// commit is durable, without holding a worker thread while it waits). Routes are added before the
// server starts and never change after; matching is then thread-safe (const). Handlers must be
// thread-safe: the server calls them from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/http_types.hpp"

namespace claimgate::api {

using Handler = std::function<Response(const Request&)>;
// Answers a request; an asynchronous handler calls it exactly once, from any thread, possibly
// after the handler returned. It must not block (it only queues the answer).
using Respond = std::function<void(Response)>;
// The request stays alive and unchanged until `respond` has been called.
using AsyncHandler = std::function<void(const Request&, Respond respond)>;

// Which body limit applies (config [limits]); chosen from the route before the body is read.
enum class BodyClass {
  kNone,    // no body allowed (GET, health checks): a body is refused with 413
  kNormal,  // limits.body_bytes (JSON requests)
  kBulk,    // limits.bulk_body_bytes (X12 files, batches, inbound files)
};

struct RouteOptions {
  BodyClass body = BodyClass::kNone;
  std::optional<uint64_t> max_body_bytes = std::nullopt;  // overrides the class limit when set
  // True when the handler blocks (SQLite, files): it then runs on the worker pool, never on a
  // socket thread.
  bool blocking = false;
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // pattern split at '/'; "{name}" segments capture
  Handler handler;                    // set, or
  AsyncHandler async_handler;         // set
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: see allowed_methods (405 when not empty, else 404)
  std::map<std::string, std::string> path_params;
  std::vector<std::string> allowed_methods;
};

class Router {
 public:
  // Adds a route. Pattern segments are literals or "{name}" (one whole segment, non-empty).
  // REQUIRES: the pattern starts with '/', and no route with the same method and pattern exists
  // (checked; throws std::logic_error at start-up, it is a programming error).
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // The same for an asynchronous handler.
  void AddAsync(std::string method, std::string pattern, AsyncHandler handler,
                RouteOptions options = {});

  // Finds the route for a decoded path. Literal segments win over captures.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Matches, fills request.route_pattern and path_params, and calls the handler; 404/405 (with
  // an Allow header) when nothing matches. Pure: no sockets, used by tests and by the server.
  // An asynchronous route is waited for: never call this from a thread its answer needs.
  Response Handle(Request& request) const;
  // The same, answering through `respond` (at once for 404/405 and plain handlers). A handler
  // that throws before answering is answered 500 by the caller's catch: see server.cpp.
  void HandleAsync(Request& request, Respond respond) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  void AddRoute(std::string method, std::string pattern, Route route);
  // 404 or 405 (with Allow) for a request no route takes.
  static Response NoRoute(const RouteMatch& match);

  std::vector<Route> routes_;
};

}  // namespace claimgate::api
