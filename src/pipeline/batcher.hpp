// Outbound batching: turns the queued claims of one payer into X12 interchanges. Claims are
// grouped by claim type (one GS per type), packed into interchanges respecting the payer's
// max_claims and max_interchange_bytes, enveloped with the payer's ISA/GS identities and the
// control numbers the caller hands in (the store owns the never-repeating sequences). Output:
// bytes, SHA-256, file name and where each claim sits (GS06/ST02) for response matching.
// Pure and deterministic: the same inputs give the same bytes. Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "edi/result.hpp"
#include "src/core/payer_config.hpp"

namespace claimgate::pipeline {

// One claim ready to send: the segments between ST and SE of its 837 set (BHT .. last 2400
// loop), each serialized with the default delimiters (* : ^) and WITHOUT the terminator.
struct QueuedClaim {
  std::string claim_id;
  core::ClaimType type = core::ClaimType::kProfessional;
  std::vector<std::string> body_segments;
};

// Which claims go into one interchange, in order: groups by claim type.
struct PlannedGroup {
  core::ClaimType type;
  std::vector<size_t> claims;  // indexes into the input
};
struct PlannedInterchange {
  std::vector<PlannedGroup> groups;
  size_t claim_count() const;
};

// Envelope numbers for one interchange: ISA13 and one GS06 per planned group.
struct EnvelopeNumbers {
  uint64_t isa13 = 0;
  std::vector<uint64_t> gs06;
};

struct ClaimPlacement {
  std::string claim_id;
  uint64_t isa13 = 0;
  uint64_t gs06 = 0;
  std::string st02;  // 4 digits, 0001 upward within its group
};

struct BuiltInterchange {
  std::string bytes;
  std::string sha256_hex;
  std::string file_name;
  uint64_t isa13 = 0;
  std::vector<ClaimPlacement> claims;
};

// The implementation guide (ST03/GS08) of a claim type: 005010X222A1, X223A2, X224A2.
std::string_view ImplementationGuide(core::ClaimType type);

// Packs claims (kept in input order within each type) into interchanges. Errors: a claim whose
// type the payer does not accept, or one too large for max_interchange_bytes on its own.
edi::Result<std::vector<PlannedInterchange>> PlanBatches(const std::vector<QueuedClaim>& claims,
                                                         const core::PayerConfig& payer);

// Writes one planned interchange. `created` gives ISA09/10, GS04/05 and {date} {time} (UTC).
edi::Result<BuiltInterchange> BuildInterchange(const PlannedInterchange& plan,
                                               const std::vector<QueuedClaim>& claims,
                                               const core::PayerConfig& payer,
                                               const EnvelopeNumbers& numbers,
                                               std::chrono::system_clock::time_point created);

// Plan + build with consecutive numbers from `first_isa13` and `first_gs06`.
edi::Result<std::vector<BuiltInterchange>> BuildBatches(
    const std::vector<QueuedClaim>& claims, const core::PayerConfig& payer, uint64_t first_isa13,
    uint64_t first_gs06, std::chrono::system_clock::time_point created);

}  // namespace claimgate::pipeline
