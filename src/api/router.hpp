// Maps method + path pattern ("/v1/claims/{id}") to handler functions Request -> Response, or to
// asynchronous handlers that answer later through a callback (a claim answers when its group
// commit is durable, without holding a worker thread while it waits). Routes are added before the
// server starts and never change after; matching is then thread-safe (const). Handlers must be
// thread-safe: the server calls them from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/http_types.hpp"
#include "src/store/store_types.hpp"

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
  // Who may call the route: every route says (Add throws otherwise). The key's role must be one
  // of `roles` (api::Authenticate checks it); a tenant role then sees and changes only its own
  // tenant's records, a platform role what tenants share. `public_route`: no key at all (health
  // checks). The registered routes are the route -> role table the README and the tenant
  // isolation test read.
  std::vector<store::Role> roles = {};
  bool public_route = false;
  // Media types a request body may have (compared without parameters such as charset, any
  // case); a body with another or no Content-Type is refused with 415 before it is read. Empty:
  // any (routes without a body).
  std::vector<std::string_view> content_types = {};
};

// Failed authentications per client address, for one router (one server): kMaxFailures in one
// kWindowMs window, then api::Authenticate answers 429 until the window ends. Guessing keys gets
// nowhere (32 random bytes) but floods the log and the audit trail; this bounds both.
// Thread-safe.
class AuthFailureLimiter {
 public:
  static constexpr int kMaxFailures = 20;
  static constexpr int64_t kWindowMs = 10'000;
  // True when `ip` has used up its failures in the current window.
  bool Blocked(const std::string& ip, int64_t now_ms);
  void Record(const std::string& ip, int64_t now_ms);

 private:
  struct Window {
    int64_t start_ms = 0;
    int count = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Window> by_ip_;
};

// The media types of JSON and X12 bodies.
inline const std::vector<std::string_view> kJsonBody = {"application/json"};
inline const std::vector<std::string_view> kX12Body = {"application/edi-x12", "text/plain",
                                                      "application/octet-stream"};

// True when `content_type` (a Content-Type header value) names one of `allowed`.
bool MediaTypeAllowed(std::string_view content_type, const std::vector<std::string_view>& allowed);

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
  // REQUIRES: the pattern starts with '/', no route with the same method and pattern exists, and
  // the options name the roles allowed or say the route is public (checked; throws
  // std::logic_error at start-up, it is a programming error).
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
  // Shared by the requests this router handles (request.auth_failures).
  std::shared_ptr<AuthFailureLimiter> auth_failures_ = std::make_shared<AuthFailureLimiter>();
  void AddRoute(std::string method, std::string pattern, Route route);
  // 404 or 405 (with Allow) for a request no route takes.
  static Response NoRoute(const RouteMatch& match);

  std::vector<Route> routes_;
};

}  // namespace claimgate::api
