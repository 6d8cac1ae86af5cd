// Plain HTTP request and response values handed to route handlers: no Beast, no sockets, so a
// handler is a pure function a test can call directly. A Request owns all its strings; it lives
// as long as the handler call. Values, not thread-safe; copy freely.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace claimgate::store {
enum class Role;
}

namespace claimgate::api {

class AuthFailureLimiter;  // router.hpp

// Header list with case-insensitive lookup; keeps order and repeats as received.
class Headers {
 public:
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field of that name with one.
  void Set(std::string_view name, std::string value);
  // First value of `name` (any case), or nullopt. The view lives as long as this object unchanged.
  std::optional<std::string_view> Get(std::string_view name) const;
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// What the TLS layer learned about the client certificate (empty when none was sent).
struct ClientCert {
  bool present = false;
  std::string subject;             // RFC 2253 distinguished name
  std::string sha256_fingerprint;  // 64 lowercase hex digits of the DER certificate
};

struct Request {
  std::string method;  // "GET", "POST", ... as sent (upper case expected)
  std::string target;  // request target as sent (path and query); never logged as such
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> path_params;  // {name} segments of the matched route
  Headers headers;
  std::string body;
  std::string client_ip;
  ClientCert client_cert;
  std::string request_id;     // also sent back as X-Request-Id
  std::string route_pattern;  // e.g. "/v1/claims/{id}"; set by the router
  // The roles the matched route allows (its RouteOptions); set by the router, read by
  // api::Authenticate. Points into the router, which outlives every request.
  const std::vector<store::Role>* allowed_roles = nullptr;
  // Failed authentications of the router's clients (see AuthFailureLimiter); set by the router.
  AuthFailureLimiter* auth_failures = nullptr;

  // First query parameter of that name, or nullopt.
  std::optional<std::string> Query(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  Headers headers;  // extra headers; Content-Type/Length and Connection are set by the server
  std::string body;

  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
  // {"error":{"code":...,"message":...}} with JSON escaping.
  static Response Error(int status, std::string_view code, std::string_view message);
};

// Decodes %XX escapes; `plus_is_space` for query strings. Returns nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

// Splits "a=1&b=x%20y" into decoded pairs; malformed pairs are skipped.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

// The standard reason phrase for a status code ("Not Found"), or "Unknown".
const char* ReasonPhrase(int status);

}  // namespace claimgate::api
