// Internal: the code-set files (edi/hipaa/codesets/*.tsv) compiled into the library by
// edi/hipaa/codesets/embed.cmake. Read only by codesets.cpp; the texts are static data that live
// for the whole program. Not part of the public API.
#pragma once

#include <span>
#include <string_view>

namespace edi::hipaa::detail {

struct EmbeddedCodeSet {
  std::string_view name;  // file name, e.g. "icd10cm.tsv"
  std::string_view text;  // the whole file
};

std::span<const EmbeddedCodeSet> EmbeddedCodeSetFiles();

}  // namespace edi::hipaa::detail
