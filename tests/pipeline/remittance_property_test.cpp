// The 835 balancing property through the records the gateway stores: random 835s that balance
// by construction (tests/support/remit_generator.hpp), paying claims the store holds, imported by
// the real importer into a store on a real SQLite file, then read back as GET
// /v1/remittances/{id} shows them (api::RemittanceJson over the stored record). A balanced file
// is applied without a problem and its remittance carries the file's amounts: total paid = BPR02,
// every claim, line, adjustment and provider adjustment as written. The same file with one
// amount one cent off is reported with the error findings of the rules that read that amount, at
// their segments, and stored with the amounts as written.
//
// Seeds S .. S+N-1: S is CLAIMGATE_TEST_SEED when set, otherwise a fresh random seed
// (tests/support/test_seed.hpp), N is CLAIMGATE_PROPERTY_SEEDS (default kCiSeeds: each seed is two
// imports with durable writes). A failure stops at its seed and prints it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "src/api/inbound_json.hpp"
#include "src/pipeline/inbound.hpp"
#include "tests/pipeline/inbound_fixture.hpp"
#include "tests/support/remit_generator.hpp"
#include "tests/support/test_seed.hpp"

namespace claimgate::pipeline {
namespace {

using claimgate::testing::AmountRef;
using claimgate::testing::Gen835;
using claimgate::testing::GenCas;
using claimgate::testing::GenLayout;
using claimgate::testing::GenMoney;
using nlohmann::json;

constexpr std::uint64_t kCiSeeds = 100;

std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

struct SeedRange {
  std::uint64_t first = 1, count = kCiSeeds;
};

SeedRange Seeds() {
  SeedRange r{claimgate::testing::TestSeed(), EnvNumber("CLAIMGATE_PROPERTY_SEEDS", kCiSeeds)};
  std::printf("[ property ] seeds %llu .. +%llu\n", static_cast<unsigned long long>(r.first),
              static_cast<unsigned long long>(r.count));
  return r;
}

std::string Problems(const ImportReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += "  " + p + "\n";
  return out;
}

// The adjustments of a JSON claim or line as "group/reason/amount".
std::vector<std::string> JsonAdjustments(const json& adjustments) {
  std::vector<std::string> out;
  for (const json& a : adjustments) {
    out.push_back(a["group"].get<std::string>() + "/" + a["reason"].get<std::string>() + "/" +
                  a["amount"].get<std::string>());
  }
  return out;
}

std::vector<std::string> ModelAdjustments(const std::vector<GenCas>& list) {
  std::vector<std::string> out;
  for (const GenCas& cas : list) {
    for (const auto& a : cas.items)
      out.push_back(cas.group + "/" + a.reason + "/" + GenMoney(a.amount));
  }
  return out;
}

// The remittance as GET /v1/remittances/{id} shows it carries exactly the amounts of `model`;
// its total paid is the claims' payments less the provider adjustments.
void ExpectStoredAsWritten(const json& got, const Gen835& model) {
  EXPECT_EQ(got["totalPaid"], GenMoney(model.TotalPaid() - model.TotalProviderAdjustments()));
  EXPECT_EQ(got["traceNumber"], model.trace_number);
  ASSERT_EQ(got["claims"].size(), model.claims.size());
  for (std::size_t i = 0; i < model.claims.size(); ++i) {
    const json& c = got["claims"][i];
    const auto& want = model.claims[i];
    SCOPED_TRACE("claim " + std::to_string(i));
    EXPECT_EQ(c["patientControlNumber"], want.patient_control_number);
    EXPECT_EQ(c["status"], want.status);
    EXPECT_EQ(c["charge"], GenMoney(want.charge));
    EXPECT_EQ(c["paid"], GenMoney(want.paid));
    EXPECT_EQ(c["patientResponsibility"], GenMoney(want.patient_responsibility));
    EXPECT_EQ(JsonAdjustments(c["adjustments"]), ModelAdjustments(want.cas));
    ASSERT_EQ(c["services"].size(), want.lines.size());
    for (std::size_t l = 0; l < want.lines.size(); ++l) {
      const json& s = c["services"][l];
      EXPECT_EQ(s["procedure"], "HC:" + want.lines[l].procedure);
      EXPECT_EQ(s["charge"], GenMoney(want.lines[l].charge));
      EXPECT_EQ(s["paid"], GenMoney(want.lines[l].paid));
      EXPECT_EQ(JsonAdjustments(s["adjustments"]), ModelAdjustments(want.lines[l].cas));
    }
  }
  std::vector<std::string> plb, want_plb;
  for (const json& p : got["providerAdjustments"]) {
    plb.push_back(p["reason"].get<std::string>() + "/" + p["reference"].get<std::string>() + "/" +
                  p["amount"].get<std::string>());
  }
  for (const auto& p : model.provider_adjustments) {
    for (const auto& item : p.items) {
      want_plb.push_back(item.reason + "/" + item.reference + "/" + GenMoney(item.amount));
    }
  }
  EXPECT_EQ(plb, want_plb);
}

class RemittanceStoreProperty : public ::testing::Test {
 protected:
  void SetUp() override {
    tenant_ = w_.Tenant("practice-property");
    testing::Sent sent = w_.Send({{tenant_, "837p-simple.json"},
                                  {tenant_, "837p-secondary.json"},
                                  {tenant_, "837p-dependent.json"},
                                  {tenant_, "837i-outpatient.json"}},
                                 /*isa13=*/300, /*gs06=*/300);
    ASSERT_EQ(sent.claims.size(), 4u);
    // Each claim paid once first: a reversal needs a recorded adjudication to reverse.
    std::vector<std::vector<std::string>> paid;
    for (const auto& c : sent.claims) {
      pcns_.push_back(c.pcn);
      paid.push_back({"CLP*" + c.pcn + "*1*100*100*0*12*FIRST"});
    }
    ImportReport first = Import(testing::Remit835(paid, "400", 301, "FIRSTPAYMENT"));
    ASSERT_EQ(first.state, "APPLIED") << Problems(first);
  }

  ImportReport Import(const std::string& bytes) {
    InboundImporter importer(w_.store());
    auto r = importer.Import({"PAYER1", "property.835", ""}, bytes);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? *r : ImportReport{};
  }

  // The remittance the import stored, as the GET route shows it.
  json Stored(const ImportReport& r) {
    EXPECT_EQ(r.remittance_ids.size(), 1u) << Problems(r);
    if (r.remittance_ids.size() != 1) return json::object();
    auto rem = w_.store().GetRemittance(tenant_, r.remittance_ids[0]);
    EXPECT_TRUE(rem) << (rem ? "" : rem.error().message);
    return rem ? api::RemittanceJson(*rem) : json::object();
  }

  testing::World w_;
  std::string tenant_;
  std::vector<std::string> pcns_;
};

TEST_F(RemittanceStoreProperty, BalancedFilesApplyCleanlyAndOneCentOffIsReportedWhereItIs) {
  const SeedRange seeds = Seeds();
  claimgate::testing::GenOptions options;
  options.patient_control_numbers = pcns_;
  std::uint64_t imports = 0, reported = 0;
  for (std::uint64_t n = 0; n < seeds.count; ++n) {
    const std::uint64_t seed = seeds.first + n;
    SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
    const Gen835 model = claimgate::testing::Generate835(seed, options);
    GenLayout layout;
    ImportReport balanced = Import(claimgate::testing::Render835(model, &layout, 1000 + 2 * n));
    ++imports;
    EXPECT_EQ(balanced.state, "APPLIED") << Problems(balanced);
    EXPECT_EQ(balanced.problems, std::vector<std::string>{});
    json got = Stored(balanced);
    // GET /v1/remittances/{id}: the total is the file's BPR02 (signed by BPR03).
    EXPECT_EQ(got["totalPaid"], GenMoney(model.SignedPayment()));
    ExpectStoredAsWritten(got, model);

    // One amount, picked by the seed, one cent off.
    const std::vector<AmountRef> amounts = claimgate::testing::Amounts(model);
    std::mt19937_64 rng(seed);
    const AmountRef at = amounts[static_cast<std::size_t>(rng() % amounts.size())];
    Gen835 changed = model;
    claimgate::testing::AmountAt(changed, at) += seed % 2 == 0 ? 1 : -1;
    changed.trace_number += "X";  // other bytes: not a duplicate of an earlier file
    ImportReport off = Import(claimgate::testing::Render835(changed, &layout, 1001 + 2 * n));
    ++imports;
    std::vector<std::string> want;
    for (const auto& f : claimgate::testing::FindingsForChange(changed, at, layout)) {
      if (f.warning) continue;  // warnings are not import problems
      want.push_back("segment " + std::to_string(f.segment) + " element " +
                     std::to_string(f.element) + " [" + f.code + "]");
    }
    std::sort(want.begin(), want.end());
    std::vector<std::string> problems;
    for (const std::string& p : off.problems) {
      // "segment 14 (CLP) element 4: <message> [claim_unbalanced]" ->
      // "segment 14 element 4 [claim_unbalanced]"; anything else is kept whole (and differs).
      const std::size_t id = p.find(" (");
      const std::size_t id_end = p.find(')', id == std::string::npos ? 0 : id);
      const std::size_t head_end = p.find(": ");
      const std::size_t code = p.rfind(" [");
      if (id == std::string::npos || id_end == std::string::npos || head_end == std::string::npos ||
          code == std::string::npos || id_end > head_end) {
        problems.push_back(p);
        continue;
      }
      problems.push_back(p.substr(0, id) + p.substr(id_end + 1, head_end - id_end - 1) +
                         p.substr(code));
    }
    std::sort(problems.begin(), problems.end());
    EXPECT_EQ(problems, want) << "changed " << claimgate::testing::Describe(at) << "\n"
                              << Problems(off);
    EXPECT_EQ(off.state, want.empty() ? "APPLIED" : "PARTIAL") << Problems(off);
    reported += want.empty() ? 0 : 1;
    ExpectStoredAsWritten(Stored(off), changed);
    if (HasFailure()) break;
  }
  if (seeds.count >= 20 && !HasFailure()) {
    EXPECT_GT(reported, seeds.count / 2);
  }
  std::printf("[ property ] %llu seeds, %llu imports, %llu one-cent changes reported\n",
              static_cast<unsigned long long>(seeds.count),
              static_cast<unsigned long long>(imports), static_cast<unsigned long long>(reported));
}

}  // namespace
}  // namespace claimgate::pipeline
