// The 835 balancing rules as properties over random 835s that balance by construction
// (tests/support/remit_generator.hpp): every generated 835 is read without a finding, validates
// against the 835 guide, and reads back the amounts it was written with; changing any one amount
// by one cent yields exactly the findings of the rules that read that amount, at their segments.
//
// Seeds S .. S+N-1: S is CLAIMGATE_TEST_SEED when set, otherwise a fresh random seed
// (tests/support/test_seed.hpp), N is CLAIMGATE_PROPERTY_SEEDS (default kCiSeeds). A failure stops
// at its seed and prints it; CLAIMGATE_TEST_SEED=<that seed> replays it first. Per seed the
// one-cent property changes kCiAmounts amounts picked by the seed, or as many as
// CLAIMGATE_PROPERTY_AMOUNTS says (0: every amount of the file). The CI's figures take under a
// second (three seconds under the sanitizers, which run a tenth of the seeds).
#include "edi/hipaa/remittance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "edi/schema.hpp"
#include "edi/segment_reader.hpp"
#include "edi/x12_validator.hpp"
#include "tests/support/remit_generator.hpp"
#include "tests/support/test_seed.hpp"

namespace edi::hipaa {
namespace {

using claimgate::testing::AmountRef;
using claimgate::testing::ExpectedFinding;
using claimgate::testing::Gen835;
using claimgate::testing::GenCas;
using claimgate::testing::GenLayout;

#if defined(__SANITIZE_ADDRESS__)
// Under the sanitizers (-O0, about 40 times slower) a tenth of the seeds: the same code paths;
// the release run covers the count.
constexpr std::uint64_t kCiSeeds = 300;
#else
constexpr std::uint64_t kCiSeeds = 3000;
#endif
constexpr std::uint64_t kCiAmounts = 8;

struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t count = kCiSeeds;
};

std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

SeedRange Seeds() {
  SeedRange r{claimgate::testing::TestSeed(), EnvNumber("CLAIMGATE_PROPERTY_SEEDS", kCiSeeds)};
  std::printf("[ property ] seeds %llu .. +%llu\n", static_cast<unsigned long long>(r.first),
              static_cast<unsigned long long>(r.count));
  return r;
}

// The amounts to change in one file: `want` of them picked by the seed (all when `want` is 0
// or the file has fewer), in file order.
std::vector<AmountRef> Pick(const std::vector<AmountRef>& all, std::uint64_t seed,
                            std::uint64_t want) {
  if (want == 0 || want >= all.size()) return all;
  std::vector<std::size_t> order(all.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed ^ 0x5eed0ce47ULL);
  for (std::size_t i = order.size() - 1; i > 0; --i) {
    std::swap(order[i], order[static_cast<std::size_t>(rng() % (i + 1))]);
  }
  order.resize(want);
  std::sort(order.begin(), order.end());
  std::vector<AmountRef> out;
  for (std::size_t i : order) out.push_back(all[i]);
  return out;
}

std::vector<ExpectedFinding> Reported(const std::vector<Finding>& findings) {
  std::vector<ExpectedFinding> out;
  for (const Finding& f : findings) {
    out.push_back({f.code, f.segment, f.element, f.severity == Severity::kWarning});
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Listing(const std::vector<ExpectedFinding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += "  " + f.code + " segment " + std::to_string(f.segment) + " element " +
           std::to_string(f.element) + (f.warning ? " (warning)" : "") + "\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

const schema::SchemaRegistry& Registry() {
  static auto registry = schema::SchemaRegistry::LoadBuiltIn();
  return **registry;
}

// Findings of the envelope and 835 guide checks. Group CR (4010's corrections group, which
// payers still send) is outside 5010's CAS01 list: that one invalid code is expected.
std::vector<std::string> GuideFindings(const std::string& text) {
  DiagnosticList list;
  SegmentReader reader(text, list);
  X12Validator validator(&Registry(), list);
  Segment s;
  while (reader.Next(&s)) validator.Add(s, reader.header());
  validator.Finish();
  std::vector<std::string> out;
  for (const Diagnostic& d : list.items()) {
    if (d.code == DiagCode::kInvalidCode && d.segment_id == "CAS" && d.pos.element == 1 &&
        d.value == "CR") {
      continue;
    }
    out.push_back(std::string(DiagCodeName(d.code)) + " " + d.segment_id + " segment " +
                  std::to_string(d.pos.segment) + ": " + d.message);
  }
  return out;
}

void ExpectSameAdjustments(const std::vector<RemitAdjustment>& read,
                           const std::vector<GenCas>& written, const std::string& where) {
  std::vector<std::string> a, b;
  for (const auto& x : read) a.push_back(x.group + "/" + x.reason + "/" + FormatCents(x.amount));
  for (const auto& cas : written) {
    for (const auto& x : cas.items) {
      b.push_back(cas.group + "/" + x.reason + "/" + claimgate::testing::GenMoney(x.amount));
    }
  }
  EXPECT_EQ(a, b) << where;
}

TEST(RemittanceProperty, EveryGenerated835IsBalancedValidAndReadBackAsWritten) {
  const SeedRange seeds = Seeds();
  std::uint64_t claims = 0, lines = 0, reversals = 0, plb_items = 0, debits = 0, bare_claims = 0;
  for (std::uint64_t n = 0; n < seeds.count; ++n) {
    const std::uint64_t seed = seeds.first + n;
    SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
    const Gen835 model = claimgate::testing::Generate835(seed);
    GenLayout layout;
    const std::string text = claimgate::testing::Render835(model, &layout, seed);
    DiagnosticList diagnostics;
    auto remits = ReadRemittances(text, &diagnostics);
    ASSERT_EQ(remits.size(), 1u) << text;
    const Remittance& r = remits[0];
    EXPECT_TRUE(diagnostics.items().empty()) << diagnostics.items().front().message;
    EXPECT_EQ(Listing(Reported(r.findings)), Listing({})) << text;
    EXPECT_EQ(GuideFindings(text), std::vector<std::string>{}) << text;

    EXPECT_EQ(r.credit_debit == "D" ? -r.payment_amount : r.payment_amount, model.SignedPayment());
    EXPECT_EQ(r.total_paid, model.TotalPaid());
    EXPECT_EQ(r.total_provider_adjustments, model.TotalProviderAdjustments());
    ASSERT_EQ(r.claims.size(), model.claims.size());
    for (std::size_t i = 0; i < r.claims.size(); ++i) {
      const ClaimPayment& got = r.claims[i];
      const auto& want = model.claims[i];
      const std::string where = "claim " + std::to_string(i);
      EXPECT_EQ(got.segment, layout.clp[i]) << where;
      EXPECT_EQ(got.patient_control_number, want.patient_control_number) << where;
      EXPECT_EQ(got.reversal, want.reversal()) << where;
      EXPECT_EQ(got.billed, want.charge) << where;
      EXPECT_EQ(got.paid, want.paid) << where;
      EXPECT_EQ(got.has_patient_responsibility, want.has_patient_responsibility) << where;
      EXPECT_EQ(got.patient_responsibility, want.patient_responsibility) << where;
      ExpectSameAdjustments(got.adjustments, want.cas, where);
      ASSERT_EQ(got.services.size(), want.lines.size()) << where;
      for (std::size_t l = 0; l < want.lines.size(); ++l) {
        EXPECT_EQ(got.services[l].segment, layout.svc[i][l]) << where;
        EXPECT_EQ(got.services[l].charge, want.lines[l].charge) << where;
        EXPECT_EQ(got.services[l].paid, want.lines[l].paid) << where;
        ExpectSameAdjustments(got.services[l].adjustments, want.lines[l].cas, where);
      }
      ++claims;
      lines += want.lines.size();
      reversals += want.reversal() ? 1 : 0;
      bare_claims += want.lines.empty() ? 1 : 0;
    }
    for (const auto& plb : model.provider_adjustments) plb_items += plb.items.size();
    debits += model.debit ? 1 : 0;
    if (HasFailure()) break;  // the first failing seed is the one to look at
  }
  // The generator covers what it claims to (figures for a run of the CI's size or more).
  if (seeds.count >= 100 && !HasFailure()) {
    EXPECT_GT(reversals, seeds.count / 20);
    EXPECT_GT(bare_claims, seeds.count / 10);
    EXPECT_GT(plb_items, seeds.count / 2);
    if (seeds.count >= 1000) {
      EXPECT_GT(debits, 0u);  // about 6 in 100 files
    }
  }
  std::printf(
      "[ property ] %llu seeds: %llu claims (%llu reversals, %llu without lines), %llu "
      "lines, %llu PLB items, %llu debit payments\n",
      static_cast<unsigned long long>(seeds.count), static_cast<unsigned long long>(claims),
      static_cast<unsigned long long>(reversals), static_cast<unsigned long long>(bare_claims),
      static_cast<unsigned long long>(lines), static_cast<unsigned long long>(plb_items),
      static_cast<unsigned long long>(debits));
}

TEST(RemittanceProperty, OneCentOffIsReportedByEveryRuleThatReadsTheAmountAndNoOther) {
  const SeedRange seeds = Seeds();
  const std::uint64_t per_file = EnvNumber("CLAIMGATE_PROPERTY_AMOUNTS", kCiAmounts);
  std::uint64_t changes = 0;
  std::map<AmountRef::Kind, std::uint64_t> by_kind;
  for (std::uint64_t n = 0; n < seeds.count; ++n) {
    const std::uint64_t seed = seeds.first + n;
    SCOPED_TRACE(claimgate::testing::SeedTrace(seed));
    const Gen835 model = claimgate::testing::Generate835(seed);
    const std::vector<AmountRef> amounts = Pick(claimgate::testing::Amounts(model), seed, per_file);
    for (std::size_t k = 0; k < amounts.size(); ++k) {
      const AmountRef& at = amounts[k];
      Gen835 changed = model;
      // Up or down by one cent, alternating with the seed so that both directions are tried.
      claimgate::testing::AmountAt(changed, at) += (seed + k) % 2 == 0 ? 1 : -1;
      GenLayout layout;
      const std::string text = claimgate::testing::Render835(changed, &layout, seed);
      auto remits = ReadRemittances(text, nullptr);
      ASSERT_EQ(remits.size(), 1u);
      const auto expected = claimgate::testing::FindingsForChange(changed, at, layout);
      // Empty only for CLP05 of a reversal, which no rule reads.
      EXPECT_EQ(Listing(Reported(remits[0].findings)), Listing(expected))
          << "changed " << claimgate::testing::Describe(at) << "\n"
          << text;
      ++changes;
      ++by_kind[at.kind];
      if (HasFailure()) break;
    }
    if (HasFailure()) break;
  }
  // Every kind of amount was changed (BPR02, CLP03/04/05, claim CAS, SVC02/03, line CAS, PLB).
  if (seeds.count >= 100 && !HasFailure()) {
    EXPECT_EQ(by_kind.size(), 9u);
  }
  std::printf("[ property ] %llu seeds, %llu one-cent changes (%llu amounts per file, 0 = all)\n",
              static_cast<unsigned long long>(seeds.count),
              static_cast<unsigned long long>(changes), static_cast<unsigned long long>(per_file));
}

}  // namespace
}  // namespace edi::hipaa
