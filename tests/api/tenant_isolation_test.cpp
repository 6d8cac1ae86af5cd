// The tenant isolation walk: every route the API documents (docs/openapi.yaml) is registered here
// exactly as `claimgate serve` registers it, and called with a second tenant's keys of every
// tenant role against the first tenant's ids: its claims, its remittance, a payer file that is
// wholly its own, the payer connection both share. Nothing of the first tenant may come back
// (ids, patient control numbers, member ids, raw X12) and nothing of it, nor the shared payer,
// may change. A documented route this walk does not register, or a registered one the document
// does not name, fails the test: new routes join the walk. Every registered route states its
// roles (the router refuses one that does not), and the walk prints that table on failure.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "src/api/claims_api.hpp"
#include "src/api/inbound_api.hpp"
#include "src/api/intake_api.hpp"
#include "src/api/ops_routes.hpp"
#include "src/api/payers_api.hpp"
#include "src/api/status_inquiry_api.hpp"
#include "src/ops/metrics.hpp"
#include "src/pipeline/scheduler.hpp"
#include "tests/api/api_test_fixture.hpp"
#include "tests/pipeline/inbound_fixture.hpp"

namespace claimgate::api {
namespace {

using nlohmann::json;
namespace pt = pipeline::testing;

struct DocumentedRoute {
  std::string method;  // "GET", "POST" ...
  std::string path;    // "/v1/claims/{id}"
};

// The paths and methods of docs/openapi.yaml: "  /path:" then "    get:" lines.
std::vector<DocumentedRoute> ReadOpenApiRoutes(const std::string& file) {
  std::ifstream in(file);
  std::vector<DocumentedRoute> out;
  std::string line, path;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;  // the next top-level key
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
    } else if (line.size() > 5 && line.rfind("    ", 0) == 0 && line[4] != ' ' &&
               line.back() == ':') {
      std::string method = line.substr(4, line.size() - 5);
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (method == "GET" || method == "POST" || method == "PUT" || method == "DELETE" ||
          method == "PATCH") {
        out.push_back({method, path});
      }
    }
  }
  return out;
}

// True when a documented path names the registered pattern: "{x}" in the document stands for
// any one segment (the payer actions are documented as /v1/payers/{id}/{action}).
bool Documents(const std::string& documented, const std::string& registered) {
  auto split = [](const std::string& p) {
    std::vector<std::string> parts;
    std::stringstream s(p);
    for (std::string part; std::getline(s, part, '/');) parts.push_back(part);
    return parts;
  };
  auto d = split(documented), r = split(registered);
  if (d.size() != r.size()) return false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const bool capture = d[i].size() > 2 && d[i].front() == '{' && d[i].back() == '}';
    if (!capture && d[i] != r[i]) return false;
  }
  return true;
}

class TenantIsolationWalk : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    core::PayerConfig payer = pt::TestPayer();
    platform_ = Key(std::string(store::kPlatformTenantId), store::Role::kPlatformOperator);
    claims_ = std::make_unique<ClaimsApi>(*store_);
    intake_ = std::make_unique<IntakeApi>(*store_);
    inbound_ = std::make_unique<InboundApi>(
        *store_, InboundApiOptions{.metrics = &metrics_, .payers = {payer}, .payers_dir = "",
                                   .watchdog_interval_ms = 0});
    inquiry_ = std::make_unique<StatusInquiryApi>(*store_);
    // Built, not started: the payer routes read and change its state; nothing is sent.
    scheduler_ = std::make_unique<pipeline::Scheduler>(
        *store_, std::vector<core::PayerConfig>{payer},
        [](const std::string&, const std::string&, std::string) -> edi::Result<void> {
          return {};
        },
        &metrics_, pipeline::SchedulerOptions{});
    payers_ = std::make_unique<PayersApi>(*store_, *scheduler_);
    AddOpsRoutes(router_, metrics_, readiness_, store_.get());
    claims_->Register(router_);
    intake_->Register(router_);
    inbound_->Register(router_);
    inquiry_->Register(router_);
    payers_->Register(router_);

    world_ = std::make_unique<pt::World>(store_.get());
    sent_ = world_->Send({{tenant_a_, "837p-simple.json"}, {tenant_b_, "837p-secondary.json"}}, 700,
                         7000);
    ASSERT_EQ(sent_.claims.size(), 2u);
    a_ = sent_.claims[0];
    // A payer's 835 paying only clinic A's claim: A's remittance, and a file wholly A's.
    a_remit_835_ = pt::Remit835({{"CLP*" + a_.pcn + "*1*100*100*0*12*PA1"}}, "100", 971);
    Response imported = Call("POST", "/v1/inbound?payer=PAYER1&name=a.835", platform_,
                             a_remit_835_);
    ASSERT_EQ(imported.status, 201) << imported.body;
    a_file_id_ = json::parse(imported.body)["id"];
    json remits = json::parse(Call("GET", "/v1/remittances", biller_).body)["remittances"];
    ASSERT_EQ(remits.size(), 1u);
    a_remittance_id_ = remits[0]["id"];
    // The first tenant's own reads work: the walk's 404s and 403s below are not broken routes.
    ASSERT_EQ(Call("GET", "/v1/claims/" + a_.id, biller_).status, 200);
    ASSERT_EQ(Call("GET", "/v1/remittances/" + a_remittance_id_, biller_).status, 200);
    ASSERT_EQ(Call("GET", "/v1/inbound/" + a_file_id_ + "?format=x12", biller_).status, 200);
  }

  // The request path for `pattern`, with the first tenant's ids in its captures.
  std::string Target(const std::string& pattern) const {
    std::string t = pattern;
    auto put = [&](const std::string& prefix, const std::string& id) {
      if (t.rfind(prefix + "{id}", 0) == 0) t.replace(prefix.size(), 4, id);
    };
    put("/v1/claims/", a_.id);
    put("/v1/remittances/", a_remittance_id_);
    put("/v1/inbound/", a_file_id_);
    put("/v1/payers/", "PAYER1");
    return t;
  }

  // A body for each writing route: each aims at the first tenant's data or the shared payer.
  std::string Body(const std::string& pattern) const {
    if (pattern == "/v1/inbound") {
      // A forged reversal of the first tenant's paid claim.
      return pt::Remit835({{"CLP*" + a_.pcn + "*22*-100*-100*0*12*PA1"}}, "-100", 972);
    }
    if (pattern == "/v1/claims" || pattern == "/v1/claims/batch") {
      return testing::Example("837p-secondary.json");  // the second tenant's own patient
    }
    return "";
  }

  // What belongs to the first tenant and to the shared payer, as one comparable text.
  std::string Snapshot() {
    store_->Flush();
    std::ostringstream s;
    store::ClaimFilter filter;
    filter.limit = 500;
    auto claims = store_->ListClaims(tenant_a_, filter);
    EXPECT_TRUE(claims);
    if (claims) {
      for (const auto& c : claims->claims) s << c.id << ' ' << c.state << ' ' << c.event_count << '\n';
    }
    store::RemittanceFilter remit_filter;
    auto remits = store_->ListRemittances(tenant_a_, remit_filter);
    EXPECT_TRUE(remits);
    if (remits) s << "remittances " << remits->remittances.size() << '\n';
    store::AuditFilter audit_filter;
    audit_filter.tenant_id = tenant_a_;
    audit_filter.limit = 1000;
    auto audit = store_->ListAudit(audit_filter);
    EXPECT_TRUE(audit);
    if (audit) s << "audit " << audit->size() << '\n';
    auto payer = scheduler_->Snapshot("PAYER1");
    s << "payer paused " << (payer && payer->paused) << '\n';
    return s.str();
  }

  std::string RouteTable() const {
    std::string t;
    for (const Route& r : router_.routes()) {
      t += r.method + " " + r.pattern + ":";
      if (r.options.public_route) t += " public";
      for (store::Role role : r.options.roles) t += " " + std::string(store::RoleName(role));
      t += "\n";
    }
    return t;
  }

  ops::Registry metrics_;
  Readiness readiness_;
  std::string platform_;
  std::unique_ptr<ClaimsApi> claims_;
  std::unique_ptr<IntakeApi> intake_;
  std::unique_ptr<InboundApi> inbound_;
  std::unique_ptr<StatusInquiryApi> inquiry_;
  std::unique_ptr<pipeline::Scheduler> scheduler_;
  std::unique_ptr<PayersApi> payers_;
  std::unique_ptr<pt::World> world_;
  pt::Sent sent_;
  pt::SentClaim a_;
  std::string a_remit_835_, a_file_id_, a_remittance_id_;
};

TEST_F(TenantIsolationWalk, EveryDocumentedRouteIsRegisteredWithItsRolesAndNoOther) {
  const auto documented =
      ReadOpenApiRoutes(std::string(CLAIMGATE_SOURCE_DIR) + "/docs/openapi.yaml");
  ASSERT_GE(documented.size(), 15u);
  for (const DocumentedRoute& d : documented) {
    bool found = false;
    for (const Route& r : router_.routes()) found |= r.method == d.method && Documents(d.path, r.pattern);
    EXPECT_TRUE(found) << d.method << " " << d.path
                       << " is documented but not registered in this walk:\n" << RouteTable();
  }
  for (const Route& r : router_.routes()) {
    bool found = false;
    for (const DocumentedRoute& d : documented) found |= r.method == d.method && Documents(d.path, r.pattern);
    EXPECT_TRUE(found) << r.method << " " << r.pattern << " is not in docs/openapi.yaml";
    EXPECT_NE(r.options.public_route, !r.options.roles.empty()) << r.pattern;
    if (r.options.public_route) {
      EXPECT_TRUE(r.pattern == "/healthz" || r.pattern == "/readyz") << r.pattern << " is public";
    }
  }
}

TEST_F(TenantIsolationWalk, ASecondTenantsKeysOfEveryRoleNeitherSeeNorChangeTheFirstTenants) {
  const std::string before = Snapshot();
  const std::vector<std::string> secrets = {a_.id,  a_.pcn, a_remittance_id_, a_file_id_,
                                            "SYN000111", "ISA*"};
  int calls = 0;
  for (store::Role role : {store::Role::kSubmitter, store::Role::kBiller, store::Role::kOperator,
                           store::Role::kAdmin}) {
    const std::string key = Key(tenant_b_, role);
    for (const Route& route : router_.routes()) {
      const std::string target = Target(route.pattern);
      std::vector<std::string> targets = {target};
      if (route.method == "GET" && target != route.pattern) targets.push_back(target + "?format=x12");
      if (route.pattern == "/v1/inbound") targets = {target + "?payer=PAYER1&name=forged.835"};
      for (const std::string& t : targets) {
        Response r = Call(route.method, t, key, Body(route.pattern),
                          "walk-" + std::to_string(++calls));
        for (const std::string& secret : secrets) {
          EXPECT_EQ(r.body.find(secret), std::string::npos)
              << store::RoleName(role) << " of tenant B, " << route.method << " " << t
              << " answered " << r.status << " with the first tenant's " << secret << ": "
              << r.body.substr(0, 400) << "\nroute table:\n" << RouteTable();
        }
        // Reads of A's ids are "not found"; platform routes are forbidden.
        if (route.method == "GET" && target != route.pattern && route.pattern != "/v1/payers/{id}") {
          EXPECT_TRUE(r.status == 404 || r.status == 403)
              << store::RoleName(role) << " " << route.method << " " << t << " -> " << r.status;
        }
      }
    }
  }
  EXPECT_GE(calls, 4 * 18);
  EXPECT_EQ(Snapshot(), before) << "a second tenant's keys changed the first tenant's data";
}

}  // namespace
}  // namespace claimgate::api
