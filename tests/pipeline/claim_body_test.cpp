#include "src/pipeline/claim_body.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "src/core/encounter_json.hpp"
#include "src/pipeline/batcher.hpp"

namespace claimgate::pipeline {
namespace {

edi::hipaa::Encounter Example(const std::string& name) {
  std::ifstream f(CLAIMGATE_SOURCE_DIR "/docs/examples/" + name, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  core::EncounterParse parse = core::ParseEncounterJson(text);
  EXPECT_TRUE(parse.findings.empty()) << name;
  EXPECT_EQ(parse.encounters.size(), 1u) << name;
  return parse.encounters.at(0);
}

TEST(ClaimBody, StartsWithBhtCarryingTheReferenceAndEndsBeforeSe) {
  auto body = BuildClaimBody(Example("837p-simple.json"), "clm_0123456789abcdef", "20261127",
                             "0930");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->front(), "BHT*0019*00*clm_0123456789abcdef*20261127*0930*CH");
  for (const std::string& s : *body) {
    EXPECT_FALSE(s.starts_with("ST*") || s.starts_with("SE*") || s.starts_with("GE*")) << s;
    EXPECT_EQ(s.find('~'), std::string::npos);
    EXPECT_EQ(s.find('\n'), std::string::npos);
  }
  EXPECT_NE(std::find_if(body->begin(), body->end(),
                         [](const std::string& s) { return s.starts_with("CLM*"); }),
            body->end());
}

TEST(ClaimBody, JoinAndSplitAreInverse) {
  for (const char* name : {"837p-secondary.json", "837i-inpatient.json", "837d-dental.json"}) {
    auto body = BuildClaimBody(Example(name), "clm_1", "20261127", "0930");
    ASSERT_TRUE(body) << name;
    EXPECT_EQ(SplitClaimBody(JoinClaimBody(*body)), *body) << name;
  }
}

TEST(ClaimBody, RefusesAReferenceLongerThanBht03Allows) {
  auto body = BuildClaimBody(Example("837p-simple.json"), std::string(51, 'x'), "20261127", "0930");
  ASSERT_FALSE(body);
  EXPECT_EQ(body.error().code, "invalid");
}

TEST(ClaimBody, EnvelopedByTheBatcherItIsOneTransactionSetPerClaim) {
  core::PayerConfig payer;
  payer.id = "p1";
  payer.isa = {"ZZ", "SENDER", "ZZ", "RECEIVER", 'T'};
  payer.gs = {"SENDER", "RECEIVER"};
  payer.claim_types = {core::ClaimType::kProfessional};
  std::vector<QueuedClaim> queued;
  for (const char* id : {"clm_a", "clm_b"}) {
    auto body = BuildClaimBody(Example("837p-simple.json"), id, "20261127", "0930");
    ASSERT_TRUE(body);
    queued.push_back({id, core::ClaimType::kProfessional, *body});
  }
  auto built = BuildBatches(queued, payer, 7, 70, std::chrono::system_clock::now());
  ASSERT_TRUE(built) << built.error().message;
  ASSERT_EQ(built->size(), 1u);
  EXPECT_EQ(built->front().claims.size(), 2u);
  EXPECT_EQ(built->front().claims[1].st02, "0002");
}

}  // namespace
}  // namespace claimgate::pipeline
