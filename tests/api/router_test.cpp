#include "src/api/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "src/api/framing.hpp"
#include "src/api/http_types.hpp"

namespace claimgate::api {
namespace {

Response Echo(const Request& r) {
  std::string body = r.route_pattern;
  for (const auto& [k, v] : r.path_params) body += " " + k + "=" + v;
  return Response::Text(200, body);
}

// These tests are about matching: the routes need no key.
const RouteOptions kOpen{.public_route = true};

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(Router, MatchesLiteralRoute) {
  Router router;
  router.Add("GET", "/healthz", Echo, kOpen);
  Request r = Make("GET", "/healthz");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "/healthz");
}

TEST(Router, AsyncRouteAnsweredFromAnotherThreadIsWaitedForByHandle) {
  Router router;
  router.AddAsync("POST", "/v1/things/{id}", [](const Request& r, Respond respond) {
    std::thread([respond, text = "later " + r.path_params.at("id")] {
      respond(Response::Text(202, text));
    }).detach();
  }, kOpen);
  Request r = Make("POST", "/v1/things/t-1");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 202);
  EXPECT_EQ(resp.body, "later t-1");
  // HandleAsync answers plain routes and 404/405 through the callback too.
  router.Add("GET", "/v1/plain", Echo, kOpen);
  int status = 0;
  Request plain = Make("GET", "/v1/plain");
  router.HandleAsync(plain, [&](Response x) { status = x.status; });
  EXPECT_EQ(status, 200);
  Request wrong = Make("GET", "/v1/things/t-1");
  router.HandleAsync(wrong, [&](Response x) { status = x.status; });
  EXPECT_EQ(status, 405);
}

TEST(Router, CapturesNamedSegments) {
  Router router;
  router.Add("GET", "/v1/claims/{id}/events/{seq}", Echo, kOpen);
  Request r = Make("GET", "/v1/claims/c-42/events/7");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "/v1/claims/{id}/events/{seq} id=c-42 seq=7");
}

TEST(Router, LiteralSegmentWinsOverCaptureWhateverTheOrder) {
  Router router;
  router.Add("POST", "/v1/claims/{id}", Echo, kOpen);
  router.Add("POST", "/v1/claims/batch", Echo, kOpen);
  Request r = Make("POST", "/v1/claims/batch");
  EXPECT_EQ(router.Handle(r).body, "/v1/claims/batch");
  Request other = Make("POST", "/v1/claims/abc");
  EXPECT_EQ(router.Handle(other).body, "/v1/claims/{id} id=abc");
}

TEST(Router, EmptyCaptureSegmentDoesNotMatch) {
  Router router;
  router.Add("GET", "/v1/claims/{id}", Echo, kOpen);
  Request r = Make("GET", "/v1/claims/");
  EXPECT_EQ(router.Handle(r).status, 404);
}

TEST(Router, UnknownPathIs404) {
  Router router;
  router.Add("GET", "/v1/claims", Echo, kOpen);
  for (const char* path : {"/", "/v1", "/v1/claims/x/y", "/v1/claimsx", "/V1/claims"}) {
    Request r = Make("GET", path);
    EXPECT_EQ(router.Handle(r).status, 404) << path;
  }
}

TEST(Router, WrongMethodIs405WithAllowHeader) {
  Router router;
  router.Add("GET", "/v1/claims/{id}", Echo, kOpen);
  router.Add("DELETE", "/v1/claims/{id}", Echo, kOpen);
  Request r = Make("PUT", "/v1/claims/9");
  Response resp = router.Handle(r);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.headers.Get("allow").value_or(""), "GET, DELETE");
  EXPECT_EQ(resp.content_type, "application/json");
}

TEST(Router, RouteOptionsAreReturnedByMatch) {
  Router router;
  router.Add("POST", "/v1/x12", Echo, {.body = BodyClass::kBulk, .blocking = true, .public_route = true});
  RouteMatch m = router.Match("POST", "/v1/x12");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->options.body, BodyClass::kBulk);
  EXPECT_TRUE(m.route->options.blocking);
}

TEST(Router, DuplicateOrMalformedPatternsAreProgrammingErrors) {
  Router router;
  router.Add("GET", "/a/{id}", Echo, kOpen);
  EXPECT_THROW(router.Add("GET", "/a/{id}", Echo, kOpen), std::logic_error);
  EXPECT_THROW(router.Add("GET", "a", Echo, kOpen), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/a/{id", Echo, kOpen), std::logic_error);
  EXPECT_NO_THROW(router.Add("POST", "/a/{id}", Echo, kOpen));
  // Every route says who may call it: roles, or public, never neither nor both.
  EXPECT_THROW(router.Add("GET", "/b", Echo), std::logic_error);
  EXPECT_THROW(router.Add("GET", "/b", Echo, {.roles = {store::Role::kAdmin}, .public_route = true}),
               std::logic_error);
  EXPECT_NO_THROW(router.Add("GET", "/b", Echo, {.roles = {store::Role::kAdmin}}));
}

TEST(Headers, LookupIgnoresCaseAndKeepsRepeats) {
  Headers h;
  h.Add("Content-Type", "a");
  h.Add("X-Thing", "1");
  h.Add("x-thing", "2");
  EXPECT_EQ(h.Get("content-type").value_or(""), "a");
  EXPECT_EQ(h.Get("X-THING").value_or(""), "1");
  EXPECT_EQ(h.GetAll("x-Thing").size(), 2u);
  EXPECT_FALSE(h.Has("Content-Length"));
  h.Set("X-THING", "3");
  ASSERT_EQ(h.GetAll("x-thing").size(), 1u);
  EXPECT_EQ(*h.Get("x-thing"), "3");
}

TEST(Query, DecodesPairsAndSkipsMalformedOnes) {
  auto q = ParseQuery("state=SENT&payer=ACME%20HEALTH&x=%zz&&since=2026-01-01&cursor=a+b&=v");
  EXPECT_EQ(q.count("state"), 1u);
  EXPECT_EQ(q.find("payer")->second, "ACME HEALTH");
  EXPECT_EQ(q.count("x"), 0u);
  EXPECT_EQ(q.find("cursor")->second, "a b");
  EXPECT_EQ(q.size(), 4u);
}

TEST(PercentDecode, RejectsTruncatedEscapes) {
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("a%4", false));
  EXPECT_EQ(PercentDecode("a%41", false).value_or(""), "aA");
  EXPECT_EQ(PercentDecode("a+b", false).value_or(""), "a+b");
}

TEST(ResponseError, EscapesJson) {
  Response r = Response::Error(400, "bad", "say \"no\"\n");
  EXPECT_EQ(r.body, R"({"error":{"code":"bad","message":"say \"no\"\u000a"}})");
}

struct FramingCase {
  const char* name;
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  int http_minor;
  const char* reason;  // "" when accepted
};

TEST(Framing, RefusesEveryAmbiguousFraming) {
  const std::vector<FramingCase> cases = {
      {"cl_only", {{"Content-Length", "5"}}, 1, ""},
      {"chunked_only", {{"Transfer-Encoding", "chunked"}}, 1, ""},
      {"chunked_any_case", {{"transfer-encoding", " CHUNKED "}}, 1, ""},
      {"same_cl_twice", {{"Content-Length", "5"}, {"content-length", "5"}}, 1, ""},
      {"same_cl_list", {{"Content-Length", "5, 5"}}, 1, ""},
      {"cl_then_te",
       {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}},
       1,
       "content_length_with_transfer_encoding"},
      {"te_then_cl",
       {{"transfer-ENCODING", "chunked"}, {"CONTENT-length", "5"}},
       1,
       "content_length_with_transfer_encoding"},
      {"te_identity_and_cl",
       {{"Content-Length", "5"}, {"Transfer-Encoding", "identity"}},
       1,
       "content_length_with_transfer_encoding"},
      {"cl_differs",
       {{"Content-Length", "5"}, {"Content-Length", "6"}},
       1,
       "conflicting_content_length"},
      {"cl_list_differs", {{"Content-Length", "5,6"}}, 1, "conflicting_content_length"},
      {"cl_sign", {{"Content-Length", "+5"}}, 1, "bad_content_length"},
      {"cl_hex", {{"Content-Length", "0x5"}}, 1, "bad_content_length"},
      {"cl_empty", {{"Content-Length", ""}}, 1, "bad_content_length"},
      {"cl_huge", {{"Content-Length", "99999999999999999999999"}}, 1, "bad_content_length"},
      {"te_gzip", {{"Transfer-Encoding", "gzip"}}, 1, "unsupported_transfer_encoding"},
      {"te_chunked_gzip",
       {{"Transfer-Encoding", "chunked, gzip"}},
       1,
       "unsupported_transfer_encoding"},
      {"te_gzip_chunked",
       {{"Transfer-Encoding", "gzip, chunked"}},
       1,
       "unsupported_transfer_encoding"},
      {"te_twice",
       {{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}},
       1,
       "unsupported_transfer_encoding"},
      {"te_underscore", {{"Transfer_Encoding", "chunked"}}, 1, "transfer_encoding_misspelled"},
      {"cl_underscore", {{"Content_Length", "5"}}, 1, "content_length_misspelled"},
      {"te_in_http10", {{"Transfer-Encoding", "chunked"}}, 0, "transfer_encoding_in_http_1_0"},
  };
  for (const FramingCase& c : cases) {
    FramingVerdict v = CheckFraming(c.fields, c.http_minor);
    EXPECT_EQ(v.ok, std::string(c.reason).empty()) << c.name;
    EXPECT_EQ(v.reason, c.reason) << c.name;
  }
}

TEST(Framing, ReportsHowTheBodyIsFramed) {
  FramingVerdict cl = CheckFraming({{"Content-Length", "12"}}, 1);
  ASSERT_TRUE(cl.ok);
  EXPECT_EQ(cl.content_length.value_or(0), 12u);
  EXPECT_FALSE(cl.chunked);
  FramingVerdict te = CheckFraming({{"Transfer-Encoding", "chunked"}}, 1);
  ASSERT_TRUE(te.ok);
  EXPECT_TRUE(te.chunked);
  EXPECT_FALSE(te.content_length);
}

}  // namespace
}  // namespace claimgate::api
