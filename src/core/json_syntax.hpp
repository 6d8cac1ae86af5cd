// Where a text stops being JSON, found without exceptions: one nlohmann SAX pass that records the
// parser's position at its first syntax error. Meant to run once a parse has failed, to name the
// place in a finding or a 400. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace claimgate::core {

// How many characters of `text` the strict JSON parser read up to and including the one where it
// failed (so the offending byte is at offset result - 1); 0 when `text` is valid JSON.
std::size_t JsonSyntaxErrorPosition(std::string_view text);

}  // namespace claimgate::core
