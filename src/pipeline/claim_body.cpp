#include "src/pipeline/claim_body.hpp"

#include <span>

#include "edi/hipaa/claim_builder.hpp"

namespace claimgate::pipeline {

edi::Result<std::vector<std::string>> BuildClaimBody(const edi::hipaa::Encounter& encounter,
                                                     std::string_view reference,
                                                     std::string_view date,
                                                     std::string_view time) {
  if (reference.empty() || reference.size() > 50) {
    return edi::Error{"invalid", "claim body reference must be 1 to 50 characters"};
  }
  edi::hipaa::BuildOptions options;
  options.interchange.sender_id = "CLAIMGATE";
  options.interchange.receiver_id = "CLAIMGATE";
  options.date = std::string(date);
  options.time = std::string(time);
  options.batch_reference = std::string(reference);
  auto built = edi::hipaa::BuildInterchange(std::span<const edi::hipaa::Encounter>(&encounter, 1),
                                            options);
  if (!built) return built.error();
  // The builder's output uses the default delimiters without line breaks: split at '~' and keep
  // what lies strictly between ST and SE.
  std::vector<std::string> body;
  bool in_set = false;
  std::string_view text = *built;
  size_t start = 0;
  for (size_t end = text.find('~'); end != std::string_view::npos;
       start = end + 1, end = text.find('~', start)) {
    std::string_view segment = text.substr(start, end - start);
    if (segment.starts_with("ST*")) {
      in_set = true;
    } else if (segment.starts_with("SE*")) {
      break;
    } else if (in_set) {
      body.emplace_back(segment);
    }
  }
  if (body.empty() || !body.front().starts_with("BHT*")) {
    return edi::Error{"internal", "the claim builder produced no transaction body"};
  }
  return body;
}

std::string JoinClaimBody(const std::vector<std::string>& segments) {
  std::string out;
  for (const std::string& s : segments) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitClaimBody(std::string_view stored) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start < stored.size()) {
    size_t end = stored.find('\n', start);
    if (end == std::string_view::npos) end = stored.size();
    if (end > start) segments.emplace_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

}  // namespace claimgate::pipeline
