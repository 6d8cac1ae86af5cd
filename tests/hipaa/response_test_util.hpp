// Helpers for the response-reader tests (835, 277, 999/TA1): wrap synthetic segments in an
// interchange with known segment positions, list the corpus files of a family, and split a raw
// X12 file into segments with a scan that shares no code with edi/ (so totals computed from it
// check the readers independently).
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "edi/hipaa/response_common.hpp"

namespace edi::hipaa::testing {

// The ISA is segment 1, GS segment 2, ST segment 3: body segment k (0-based) is segment 4 + k.
inline constexpr std::uint64_t kFirstBodySegment = 4;

// An interchange holding one transaction set `set_id` (ST03 `implementation`) whose body is
// `body` (segments without terminators). SE01 is counted.
inline std::string Interchange(const std::string& set_id, const std::string& implementation,
                               const std::string& functional_id,
                               const std::vector<std::string>& body) {
  std::string out =
      "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*^*00501*"
      "000000101*0*P*:~\n";
  out += "GS*" + functional_id + "*SENDER*RECEIVER*20240101*1200*77*X*" + implementation + "~\n";
  out += "ST*" + set_id + "*0001*" + implementation + "~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*0001~\n";
  out += "GE*1*77~\nIEA*1*000000101~\n";
  return out;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// Regular files directly under <corpus>/<family>, sorted.
inline std::vector<std::filesystem::path> CorpusFiles(const std::string& family) {
  std::vector<std::filesystem::path> out;
  std::filesystem::path dir = std::filesystem::path(CLAIMGATE_CORPUS_DIR) / family;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A raw segment: its elements split on the element separator (fields[0] is the id).
struct RawSegment {
  std::vector<std::string> fields;
  std::string Field(std::size_t i) const { return i < fields.size() ? fields[i] : std::string(); }
};

// Splits `text` into segments with a plain scan: the ISA is found by its shape ("ISA" then the
// same separator at offsets 3 and 6), the terminator is the character after ISA16. White space
// around segments is dropped. Returns the component separator through `component`.
inline std::vector<RawSegment> RawSegments(const std::string& text, char* component) {
  std::vector<RawSegment> out;
  std::size_t at = 0;
  while ((at = text.find("ISA", at)) != std::string::npos) {
    if (at + 106 <= text.size() && text[at + 3] == text[at + 6]) break;
    ++at;
  }
  if (at == std::string::npos) return out;
  const char element = text[at + 3];
  *component = text[at + 104];
  const char terminator = text[at + 105];
  std::size_t start = at;
  while (start < text.size()) {
    std::size_t end = text.find(terminator, start);
    if (end == std::string::npos) end = text.size();
    std::string seg = text.substr(start, end - start);
    auto first = seg.find_first_not_of(" \r\n\t");
    auto last = seg.find_last_not_of(" \r\n\t");
    if (first != std::string::npos) {
      seg = seg.substr(first, last - first + 1);
      RawSegment r;
      std::size_t p = 0;
      while (true) {
        std::size_t q = seg.find(element, p);
        r.fields.push_back(seg.substr(p, q == std::string::npos ? std::string::npos : q - p));
        if (q == std::string::npos) break;
        p = q + 1;
      }
      out.push_back(std::move(r));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace edi::hipaa::testing
