// One claim's 837 transaction body: the segments between ST and SE (BHT through the last service
// line) built from an encounter, in the form the batcher envelopes (default delimiters * : ^, no
// terminator). Built once at intake and stored with the claim (Claim::claim_segments, one
// segment per line), so every send of the claim uses the same segments. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/encounter.hpp"
#include "edi/result.hpp"

namespace claimgate::pipeline {

// BHT03 is `reference` (the claim id: at most 50 characters); BHT04/BHT05 are `date` (CCYYMMDD)
// and `time` (HHMM), the moment the claim was accepted.
edi::Result<std::vector<std::string>> BuildClaimBody(const edi::hipaa::Encounter& encounter,
                                                     std::string_view reference,
                                                     std::string_view date, std::string_view time);

// The stored form: segments joined by '\n' (a line feed never occurs inside a segment built with
// the default delimiters: the builder keeps free text inside the X12 character sets).
std::string JoinClaimBody(const std::vector<std::string>& segments);
std::vector<std::string> SplitClaimBody(std::string_view stored);

}  // namespace claimgate::pipeline
