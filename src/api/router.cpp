#include "src/api/router.hpp"

#include <future>
#include <memory>
#include <stdexcept>

namespace claimgate::api {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

bool IsCapture(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Number of literal segments that matched (higher = more specific), or -1 for no match.
int MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                  std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size()) return -1;
  int literals = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (IsCapture(seg)) {
      if (parts[i].empty()) return -1;
      if (params != nullptr) (*params)[seg.substr(1, seg.size() - 2)] = std::string(parts[i]);
    } else if (seg == parts[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

bool AuthFailureLimiter::Blocked(const std::string& ip, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = by_ip_.find(ip);
  return it != by_ip_.end() && now_ms - it->second.start_ms < kWindowMs &&
         it->second.count >= kMaxFailures;
}

void AuthFailureLimiter::Record(const std::string& ip, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (by_ip_.size() > 100'000) by_ip_.clear();  // bounded memory under a spread attack
  Window& w = by_ip_[ip];
  if (now_ms - w.start_ms >= kWindowMs) w = Window{now_ms, 0};
  ++w.count;
}

bool MediaTypeAllowed(std::string_view content_type, const std::vector<std::string_view>& allowed) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  for (std::string_view a : allowed) {
    if (EqualsIgnoreCase(type, a)) return true;
  }
  return false;
}

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route route;
  route.handler = std::move(handler);
  route.options = options;
  AddRoute(std::move(method), std::move(pattern), std::move(route));
}

void Router::AddAsync(std::string method, std::string pattern, AsyncHandler handler,
                      RouteOptions options) {
  Route route;
  route.async_handler = std::move(handler);
  route.options = options;
  AddRoute(std::move(method), std::move(pattern), std::move(route));
}

void Router::AddRoute(std::string method, std::string pattern, Route route) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + pattern);
  }
  if (route.options.public_route == !route.options.roles.empty()) {
    throw std::logic_error("a route must name its roles or be public, not both nor neither: " +
                           method + " " + pattern);
  }
  for (const Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::logic_error("route added twice: " + method + " " + pattern);
    }
  }
  for (std::string_view seg : SplitPath(pattern)) {
    if (seg.find_first_of("{}") != std::string_view::npos && !IsCapture(seg)) {
      throw std::logic_error("bad capture in route pattern: " + pattern);
    }
    route.segments.emplace_back(seg);
  }
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  const std::vector<std::string_view> parts = SplitPath(path);
  int best = -1;
  for (const Route& route : routes_) {
    const int score = MatchSegments(route, parts, nullptr);
    if (score < 0) continue;
    if (route.method != method) {
      result.allowed_methods.push_back(route.method);
      continue;
    }
    if (score > best) {
      best = score;
      result.route = &route;
    }
  }
  if (result.route != nullptr) {
    result.allowed_methods.clear();
    MatchSegments(*result.route, parts, &result.path_params);
  }
  return result;
}

Response Router::NoRoute(const RouteMatch& match) {
  if (match.allowed_methods.empty()) {
    return Response::Error(404, "not_found", "no such resource");
  }
  Response r = Response::Error(405, "method_not_allowed", "method not allowed here");
  std::string allow;
  for (const std::string& m : match.allowed_methods) {
    if (allow.find(m) != std::string::npos) continue;
    allow += allow.empty() ? m : ", " + m;
  }
  r.headers.Set("Allow", allow);
  return r;
}

Response Router::Handle(Request& request) const {
  RouteMatch match = Match(request.method, request.path);
  if (match.route == nullptr) return NoRoute(match);
  request.route_pattern = match.route->pattern;
  request.allowed_roles = &match.route->options.roles;
  request.auth_failures = auth_failures_.get();
  request.path_params = std::move(match.path_params);
  if (match.route->handler) return match.route->handler(request);
  auto answer = std::make_shared<std::promise<Response>>();
  std::future<Response> future = answer->get_future();
  match.route->async_handler(request, [answer](Response r) { answer->set_value(std::move(r)); });
  return future.get();
}

void Router::HandleAsync(Request& request, Respond respond) const {
  RouteMatch match = Match(request.method, request.path);
  if (match.route == nullptr) return respond(NoRoute(match));
  request.route_pattern = match.route->pattern;
  request.allowed_roles = &match.route->options.roles;
  request.auth_failures = auth_failures_.get();
  request.path_params = std::move(match.path_params);
  if (match.route->handler) return respond(match.route->handler(request));
  match.route->async_handler(request, std::move(respond));
}

}  // namespace claimgate::api
