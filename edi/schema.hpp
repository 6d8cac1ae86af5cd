// The model of a HIPAA implementation guide (one transaction set), read from the XML files under
// edi/schemas/ (format: edi/schemas/README.md). A loaded TransactionSchema is immutable and safe
// to share between threads; SchemaRegistry loads the built-in guides once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edi/result.hpp"

namespace edi::schema {

enum class Usage : std::uint8_t { kRequired, kSituational, kNotUsed };
enum class DataType : std::uint8_t { kAN, kID, kDT, kTM, kN, kR, kB };

std::string_view UsageName(Usage u);
std::string_view DataTypeName(DataType t, std::uint8_t decimals);

// An element or a component of a composite.
struct SimpleDef {
  std::uint32_t pos = 0;
  std::string ref;  // X12 data element number, e.g. "98"
  std::string name;
  DataType type = DataType::kAN;
  std::uint8_t decimals = 0;  // for N types: N2 = two implied decimals
  std::uint32_t min_length = 0;
  std::uint32_t max_length = 0;
  Usage usage = Usage::kSituational;
  std::vector<std::string> codes;  // sorted; empty = any value of the type
  // The codes of at most 8 characters packed into integers, sorted: the common lookup compares
  // integers instead of strings. Longer codes are looked up in `codes`.
  std::vector<std::uint64_t> short_codes;
  std::string codeset;  // external code list, checked by the claims layer
  bool match = false;   // a qualifier that tells same-id segments apart
  // Usage N, but a value present is reported as a warning, not an error: for an element the
  // guide does not use and senders still fill (the 835's ST03). Simple elements only.
  bool tolerated = false;

  bool HasCode(std::string_view value) const;
  // `value` packed into an integer when it has 1 to 8 characters; 0 otherwise.
  static std::uint64_t PackCode(std::string_view value);
};

struct ElementDef : SimpleDef {
  std::uint32_t repeat = 1;
  std::vector<SimpleDef> components;  // non-empty for a composite
  bool composite() const { return !components.empty(); }
};

enum class SyntaxKind : std::uint8_t {
  kPaired,
  kRequired,
  kExclusion,
  kConditional,
  kListConditional
};

struct SyntaxRule {
  SyntaxKind kind;
  std::vector<std::uint32_t> positions;
  // Bit p set for each position p (all below 64, else 0): the rule is then tested on a mask of
  // the segment's non-empty elements.
  std::uint64_t mask = 0;
};

struct SegmentDef {
  SegmentDef() = default;
  SegmentDef(const SegmentDef&) = delete;  // `matchers` points into `elements`
  SegmentDef& operator=(const SegmentDef&) = delete;

  std::string id;
  std::uint32_t key = 0;  // SegmentIdKey(id)
  std::string name;
  Usage usage = Usage::kSituational;
  std::uint32_t max_use = 1;         // 0 = unbounded
  std::vector<ElementDef> elements;  // by position: elements[i].pos == i + 1 when all are listed
  std::vector<SyntaxRule> syntax;
  // The qualifier elements and components (match="yes") that tell this definition apart from
  // others with the same id, pointing into `elements` (which no longer changes after loading).
  struct Matcher {
    const SimpleDef* def;
    std::uint32_t element;
    std::uint32_t component;  // 0 for a simple element
  };
  std::vector<Matcher> matchers;
  // A date or range (element 1251) and the format qualifier before it (1250: D8, RD8, DT, TM),
  // as element and component positions (component 0 for a simple element). DTP02/03, HI C022.
  struct DatePair {
    std::uint32_t qualifier_element, qualifier_component, value_element, value_component;
  };
  std::vector<DatePair> date_pairs;
  std::uint32_t last_required = 0;  // position of the last required element (0: none)

  const ElementDef* Element(std::uint32_t pos) const;
};

struct LoopDef;

// A child of a loop: a segment or a loop, in guide order.
struct Node {
  std::unique_ptr<SegmentDef> segment;
  std::unique_ptr<LoopDef> loop;
  bool is_loop() const { return loop != nullptr; }
};

struct LoopDef {
  std::string id;  // "2010AA"; the transaction's root loop has id ""
  std::string name;
  Usage usage = Usage::kSituational;
  std::uint32_t max_repeat = 1;  // 0 = unbounded
  std::string hl_level;          // HL03 code for HL loops
  std::vector<Node> children;
  // children[i]'s segment id (its trigger's for a loop) as SegmentIdKey: searches compare these
  // integers before looking at a definition.
  std::vector<std::uint32_t> child_keys;
  // Indices into children of the required ones, ascending: the missing-child check walks only
  // these.
  std::vector<std::uint32_t> required_children;

  // The loop's trigger: its first segment. REQUIRES: a non-root loop (loader guarantees it).
  const SegmentDef& trigger() const { return *children.front().segment; }
};

struct TransactionSchema {
  std::string id;     // ST01
  std::string guide;  // GS08 / ST03 it is written for
  std::vector<std::string> also;
  std::string name;
  LoopDef root;

  std::size_t segment_count() const;  // segment definitions, for tests and diagnostics
};

// Reads one schema. `source` names it in errors ("999.5010X231A1.xml"). Every error names the
// XML byte offset or the loop/segment/element path of the definition at fault.
Result<std::unique_ptr<TransactionSchema>> LoadSchema(std::string_view xml,
                                                      std::string_view source);

// The built-in guides, compiled into the library.
class SchemaRegistry {
 public:
  // Loads every built-in schema. Fails only if a built-in file is broken (a build defect).
  static Result<std::unique_ptr<SchemaRegistry>> LoadBuiltIn();

  // The schema for a GS08/ST03 version string and ST01. `exact` is set false when the version
  // is only one of the schema's `also` versions (read with a note). nullptr when none fits.
  const TransactionSchema* Find(std::string_view transaction_id, std::string_view version,
                                bool* exact = nullptr) const;
  const std::vector<std::unique_ptr<TransactionSchema>>& schemas() const { return schemas_; }

 private:
  std::vector<std::unique_ptr<TransactionSchema>> schemas_;
};

// The built-in schema files: name and XML text, generated at build time from edi/schemas/*.xml.
struct EmbeddedSchema {
  const char* name;
  const char* xml;
  std::size_t size;
};
const std::vector<EmbeddedSchema>& BuiltInSchemaFiles();

}  // namespace edi::schema
