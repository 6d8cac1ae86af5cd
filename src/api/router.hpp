// Maps method + path pattern ("/v1/claims/{id}") to handler functions Request -> Response. Routes
// are added before the server starts and never change after; matching is then thread-safe
// (const). Handlers must be thread-safe: the server calls them from several threads at once.
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
  Handler handler;
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

  // Finds the route for a decoded path. Literal segments win over captures.
  RouteMatch Match(std::string_view method, std::string_view path) const;

  // Matches, fills request.route_pattern and path_params, and calls the handler; 404/405 (with
  // an Allow header) when nothing matches. Pure: no sockets, used by tests and by the server.
  Response Handle(Request& request) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace claimgate::api
