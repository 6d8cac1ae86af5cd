#include "edi/validator.hpp"

#include <algorithm>
#include <array>

#include "edi/isa.hpp"

namespace edi {
namespace {

using schema::ElementDef;
using schema::LoopDef;
using schema::SegmentDef;
using schema::SimpleDef;
using schema::Usage;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool Matches(const Segment& s, std::uint32_t key, const SegmentDef& def) {
  // Keys of valid ids are unique (SegmentIdKey packs every character).
  if (key != def.key) return false;
  for (const SegmentDef::Matcher& m : def.matchers) {
    std::string_view v =
        m.component == 0 ? s.element(m.element) : s.component(m.element, m.component);
    if (!m.def->HasCode(v)) return false;
  }
  return true;
}

bool Triggers(const Segment& s, std::uint32_t key, const LoopDef& loop) {
  if (!Matches(s, key, loop.trigger())) return false;
  return loop.hl_level.empty() || s.element(3) == loop.hl_level;
}

bool KnownId(const LoopDef& loop, std::string_view id) {
  for (const schema::Node& n : loop.children) {
    if (n.is_loop() ? KnownId(*n.loop, id) : n.segment->id == id) return true;
  }
  return false;
}

std::string Name(std::string_view id, std::uint32_t element) {
  return std::string(id) + (element < 10 ? "0" : "") + std::to_string(element);
}

// Digits counted for N and R lengths: sign and decimal point excluded.
std::size_t SignificantLength(std::string_view v) {
  return static_cast<std::size_t>(
      std::count_if(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

bool IsNumeric(std::string_view v, bool decimal) {
  if (!v.empty() && v[0] == '-') v.remove_prefix(1);
  if (v.empty()) return false;
  bool dot = false;
  bool digit = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && decimal && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digit;
}

}  // namespace

TransactionValidator::TransactionValidator(const schema::TransactionSchema& schema,
                                           DiagnosticSink& sink)
    : schema_(schema), sink_(sink) {
  stack_.push_back(
      Frame{&schema_.root, kNone, std::vector<std::uint32_t>(schema_.root.children.size())});
}

const std::string& TransactionValidator::current_loop() const { return stack_.back().loop->id; }

void TransactionValidator::Report(DiagCode code, std::string message, std::uint32_t element,
                                  std::uint32_t component, std::string_view value,
                                  std::uint32_t repetition, Severity severity) {
  if (severity == Severity::kError) last_clean_ = false;
  Position pos;
  pos.segment_in_set = in_set_;
  pos.element = element;
  pos.component = component;
  pos.repetition = repetition;
  std::string id;
  if (segment_ != nullptr) {
    pos.byte_offset = segment_->element_offset(element);
    pos.segment = segment_->index();
    id = segment_->id();
  } else {
    pos.byte_offset = last_offset_;
    pos.segment = last_index_;
  }
  sink_.Report(
      {code, severity, pos, std::move(id), std::move(message), std::string(value), current_loop()});
}

void TransactionValidator::ReportMissing(const Frame& frame, std::size_t from, std::size_t to) {
  const std::vector<std::uint32_t>& required = frame.loop->required_children;
  for (auto it = std::lower_bound(required.begin(), required.end(), from);
       it != required.end() && *it < to; ++it) {
    const std::size_t k = *it;
    if (frame.counts[k] != 0) continue;
    const schema::Node& n = frame.loop->children[k];
    bool loop = n.is_loop();
    // The finding names what is missing (its segment id and loop); the position is where the
    // reader noticed it.
    Position pos;
    pos.segment_in_set = in_set_;
    pos.byte_offset = segment_ != nullptr ? segment_->byte_offset() : last_offset_;
    pos.segment = segment_ != nullptr ? segment_->index() : last_index_;
    std::string where = frame.loop->id.empty() ? "" : " in loop " + frame.loop->id;
    last_clean_ = false;
    if (loop) {
      sink_.Report({DiagCode::kLoopMissing,
                    Severity::kError,
                    pos,
                    n.loop->trigger().id,
                    "required loop " + n.loop->id + " (" + n.loop->name + ") is missing" + where,
                    {},
                    n.loop->id});
    } else {
      sink_.Report(
          {DiagCode::kSegmentMissing,
           Severity::kError,
           pos,
           n.segment->id,
           "required segment " + n.segment->id + " (" + n.segment->name + ") is missing" + where,
           {},
           frame.loop->id});
    }
  }
}

void TransactionValidator::CloseFrames(std::size_t keep) {
  while (stack_.size() > keep) {
    const Frame& f = stack_.back();
    ReportMissing(f, f.child == kNone ? 0 : f.child + 1, f.loop->children.size());
    spare_counts_.push_back(std::move(stack_.back().counts));
    stack_.pop_back();
  }
}

bool TransactionValidator::Place(const Segment& s, const SegmentDef** def) {
  const std::uint32_t key = SegmentIdKey(s.id());
  for (std::size_t level = stack_.size(); level-- > 0;) {
    Frame& f = stack_[level];
    const auto& kids = f.loop->children;
    // In a loop, child 0 is the trigger: seeing it again starts a new occurrence one level up.
    const std::size_t lowest = level > 0 ? 1 : 0;
    std::size_t start = std::max<std::size_t>(f.child == kNone ? 0 : f.child, lowest);
    // Children with one segment id next to each other in the guide (the 2300 REFs, the 2310
    // NM1 loops) share one X12 position, where any order is allowed: search from the first.
    const std::uint32_t* keys = f.loop->child_keys.data();
    const std::size_t count = kids.size();
    if (start < count && keys[start] == key) {
      while (start > lowest && keys[start - 1] == key) --start;
    }
    for (std::size_t j = start; j < count; ++j) {
      if (keys[j] != key) continue;
      const schema::Node& n = kids[j];
      bool hit = n.is_loop() ? Triggers(s, key, *n.loop) : Matches(s, key, *n.segment);
      if (!hit) continue;
      CloseFrames(level + 1);
      Frame& here = stack_[level];
      bool over = false;
      if (here.child != kNone && j <= here.child) {  // again, or back within one position
        ++here.counts[j];
        std::uint32_t max = n.is_loop() ? n.loop->max_repeat : n.segment->max_use;
        over = max != 0 && here.counts[j] > max;
      } else {
        ReportMissing(here, here.child == kNone ? 0 : here.child + 1, j);
        here.child = j;
        here.counts[j] = 1;
      }
      if (n.is_loop()) {
        std::uint32_t occurrence = here.counts[j];
        // Count vectors are reused: loops open and close once per claim or line.
        std::vector<std::uint32_t> counts;
        if (!spare_counts_.empty()) {
          counts = std::move(spare_counts_.back());
          spare_counts_.pop_back();
        }
        counts.assign(n.loop->children.size(), 0);
        counts[0] = 1;
        stack_.push_back(Frame{n.loop.get(), 0, std::move(counts)});
        *def = &n.loop->trigger();
        if (over) {
          Report(DiagCode::kLoopTooMany, "loop " + n.loop->id + " occurs " +
                                             std::to_string(occurrence) + " times; at most " +
                                             std::to_string(n.loop->max_repeat));
        }
        if (!n.loop->hl_level.empty()) CheckHierarchy(s, *n.loop);
      } else {
        *def = n.segment.get();
        if (over) {
          Report(DiagCode::kSegmentTooMany, "segment " + n.segment->id + " (" + n.segment->name +
                                                ") is used more than " +
                                                std::to_string(n.segment->max_use) + " time(s)");
        }
      }
      return true;
    }
  }
  return false;
}

void TransactionValidator::CheckHierarchy(const Segment& s, const LoopDef& loop) {
  // The guide's parent level: the nearest enclosing HL loop.
  std::string parent_level;
  for (std::size_t i = stack_.size() - 1; i-- > 0;) {
    if (!stack_[i].loop->hl_level.empty()) {
      parent_level = stack_[i].loop->hl_level;
      break;
    }
  }
  std::string_view id = s.element(1);
  std::string_view parent = s.element(2);
  auto close_level = [&](const OpenLevel& l) { ReportChildless(l); };
  if (parent.empty()) {
    for (const OpenLevel& l : levels_) close_level(l);
    levels_.clear();
    if (!parent_level.empty()) {
      Report(DiagCode::kHierarchy,
             "HL02 (parent id) is required: level " + loop.hl_level + " belongs under a level " +
                 parent_level,
             2);
    }
  } else {
    bool open = std::any_of(levels_.begin(), levels_.end(),
                            [&](const OpenLevel& l) { return l.id == parent; });
    while (open && levels_.back().id != parent) {
      close_level(levels_.back());
      levels_.pop_back();
    }
    if (!open) {
      Report(DiagCode::kHierarchy, "HL02 names a parent id that is not an open HL level before it",
             2, 0, parent);
    } else {
      OpenLevel& p = levels_.back();
      if (!parent_level.empty() && p.level != parent_level) {
        Report(DiagCode::kHierarchy,
               "level " + loop.hl_level + " may not be under level " + p.level +
                   "; its parent must be level " + parent_level,
               2, 0, parent);
      }
      if (!p.expects_children) {
        Report(DiagCode::kHierarchy,
               "parent HL " + p.id + " says it has no subordinate levels (HL04 = 0)", 2, 0, parent);
      }
      p.had_child = true;
    }
  }
  levels_.push_back(OpenLevel{std::string(id), std::string(s.element(3)), s.element(4) == "1",
                              false, Position{s.element_offset(4), s.index(), in_set_, 4, 0, 0},
                              loop.id});
}

void TransactionValidator::ReportChildless(const OpenLevel& l) {
  if (!l.expects_children || l.had_child) return;
  last_clean_ = false;
  sink_.Report({DiagCode::kHierarchy, Severity::kError, l.where, "HL",
                "HL " + l.id + " says it has subordinate levels (HL04 = 1) but none follows", "1",
                l.loop});
}

// Byte classes for ScanValue, rebuilt when an interchange brings other separators.
void TransactionValidator::UseDelimiters(const Delimiters& d) {
  if (class_for_ && class_for_->component == d.component &&
      class_for_->repetition == d.repetition && class_for_->has_repetition == d.has_repetition) {
    return;
  }
  class_for_ = d;
  for (std::size_t c = 0; c < byte_class_.size(); ++c) {
    byte_class_[c] = (c < 0x20 || c > 0x7e) ? kOutside : 0;
  }
  byte_class_[static_cast<unsigned char>(d.component)] |= kComponent;
  if (d.has_repetition) byte_class_[static_cast<unsigned char>(d.repetition)] |= kRepetition;
}

// One table look-up per byte finds separators and characters outside the set.
ValueScan TransactionValidator::ScanValue(std::string_view v) const {
  std::uint8_t seen = 0;
  for (char c : v) seen |= byte_class_[static_cast<unsigned char>(c)];
  return {(seen & kRepetition) != 0, (seen & kComponent) != 0, (seen & kOutside) != 0};
}

void TransactionValidator::Add(const Segment& s, std::uint64_t segment_in_set) {
  segment_ = &s;
  UseDelimiters(s.delimiters());
  in_set_ = segment_in_set;
  last_clean_ = true;
  const SegmentDef* def = nullptr;
  if (!Place(s, &def)) {
    if (KnownId(schema_.root, s.id())) {
      Report(DiagCode::kSegmentUnexpected,
             "segment " + std::string(s.id()) +
                 " is not allowed here (wrong place, or a qualifier "
                 "the guide does not allow" +
                 (current_loop().empty() ? "" : " in loop " + current_loop()) + ")",
             0, 0, s.element(1));
    } else {
      Report(DiagCode::kSegmentUnrecognized,
             "segment " + std::string(s.id()) + " is not part of the " + schema_.guide + " guide");
    }
  } else {
    CheckElements(s, *def);
  }
  last_offset_ = s.byte_offset() + s.raw().size();
  last_index_ = s.index();
  segment_ = nullptr;
}

void TransactionValidator::Finish() {
  CloseFrames(1);
  const Frame& root = stack_.front();
  ReportMissing(root, root.child == kNone ? 0 : root.child + 1, root.loop->children.size());
  for (const OpenLevel& l : levels_) ReportChildless(l);
  levels_.clear();
}

// Checks one occurrence (the value, or one repetition of it) of element `e`: a simple value, or
// a composite split into its components in one pass.
void TransactionValidator::CheckOccurrence(const Segment& s, const SegmentDef& def,
                                           const ElementDef& e, std::string_view rv,
                                           std::uint32_t rep, const ValueScan& scan) {
  const Delimiters& d = s.delimiters();
  auto name = [&] { return Name(def.id, e.pos); };
  if (!e.composite()) {
    if (scan.component) {
      Report(DiagCode::kTooManyComponents,
             name() + " is a simple element but holds the component separator", e.pos, 0, rv, rep);
      return;
    }
    CheckValue(s, e, rv, e.pos, 0, rep, !scan.outside);
    return;
  }
  constexpr std::size_t kMaxParts = 12;  // the widest 5010 composite (C022) has 9; more: NthPart
  std::array<std::string_view, kMaxParts> parts;
  std::size_t comps = 0;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= rv.size(); ++i) {
    if (i == rv.size() || rv[i] == d.component) {
      if (comps < kMaxParts) parts[comps] = rv.substr(from, i - from);
      ++comps;
      from = i + 1;
    }
  }
  auto part = [&](std::size_t pos) {
    if (pos == 0 || pos > comps) return std::string_view();
    return pos <= kMaxParts ? parts[pos - 1] : NthPart(rv, d.component, pos);
  };
  std::uint32_t last_component = e.components.back().pos;
  for (std::size_t c = last_component + 1; c <= comps; ++c) {
    if (!part(c).empty()) {
      Report(DiagCode::kTooManyComponents, name() + " has more components than the guide defines",
             e.pos, static_cast<std::uint32_t>(c), rv, rep);
      break;
    }
  }
  for (const SimpleDef& c : e.components) {
    std::string_view cv = part(c.pos);
    auto cname = [&] { return name() + "-" + std::to_string(c.pos); };
    if (cv.empty()) {
      if (c.usage == Usage::kRequired) {
        Report(DiagCode::kRequiredElementMissing, cname() + " (" + c.name + ") is required", e.pos,
               c.pos, {}, rep);
      }
    } else if (c.usage == Usage::kNotUsed) {
      Report(DiagCode::kElementNotUsed, cname() + " (" + c.name + ") is not used in this guide",
             e.pos, c.pos, cv, rep);
    } else {
      CheckValue(s, c, cv, e.pos, c.pos, rep, !scan.outside);
    }
  }
}

// A date element (1251) checked against its format qualifier (1250): D8 CCYYMMDD, RD8
// CCYYMMDD-CCYYMMDD (in order), DT CCYYMMDDHHMM, TM HHMM. Other formats are not checked.
void TransactionValidator::CheckDateValue(const Segment& s, const SegmentDef& def,
                                          const SegmentDef::DatePair& p) {
  auto get = [&](std::uint32_t e, std::uint32_t c) {
    return c == 0 ? s.element(e) : s.component(e, c);
  };
  const std::string_view format = get(p.qualifier_element, p.qualifier_component);
  const std::string_view v = get(p.value_element, p.value_component);
  if (v.empty() || format.empty()) return;
  std::string_view expected;
  bool ok = true;
  if (format == "D8") {
    expected = "CCYYMMDD";
    ok = v.size() == 8 && IsValidDate(v);
  } else if (format == "RD8") {
    expected = "CCYYMMDD-CCYYMMDD, the first date not after the second";
    ok = v.size() == 17 && v[8] == '-' && IsValidDate(v.substr(0, 8)) &&
         IsValidDate(v.substr(9, 8)) && v.substr(0, 8) <= v.substr(9, 8);
  } else if (format == "DT") {
    expected = "CCYYMMDDHHMM";
    ok = v.size() == 12 && IsValidDate(v.substr(0, 8)) && IsValidTime(v.substr(8, 4));
  } else if (format == "TM") {
    expected = "HHMM";
    ok = v.size() == 4 && IsValidTime(v);
  }
  if (ok) return;
  std::string name = Name(def.id, p.value_element) +
                     (p.value_component != 0 ? "-" + std::to_string(p.value_component) : "");
  Report(DiagCode::kInvalidDate,
         name + " is not a real date in the " + std::string(format) + " format " +
             std::string(expected),
         p.value_element, p.value_component, v);
}

void TransactionValidator::CheckElements(const Segment& s, const SegmentDef& def) {
  if (def.usage == Usage::kNotUsed) {
    Report(DiagCode::kSegmentNotUsed,
           "segment " + def.id + " (" + def.name + ") is not used in this guide");
  }
  std::uint32_t last_defined = def.elements.empty() ? 0 : def.elements.back().pos;
  for (std::size_t pos = last_defined + 1; pos <= s.element_count(); ++pos) {
    if (!s.element(pos).empty()) {
      Report(DiagCode::kTooManyDataElements,
             Name(def.id, static_cast<std::uint32_t>(pos)) +
                 " is beyond the elements the guide defines",
             static_cast<std::uint32_t>(pos), 0, s.element(pos));
    }
  }
  const std::size_t element_count = s.element_count();
  for (const ElementDef& e : def.elements) {
    // Past the segment's last element only required ones matter, and there may be none.
    if (e.pos > element_count && e.pos > def.last_required) break;
    std::string_view v = s.element(e.pos);
    // Names and lists are built only when something is reported: this loop runs per element.
    auto name = [&] { return Name(def.id, e.pos); };
    if (v.empty()) {
      if (e.usage == Usage::kRequired) {
        Report(DiagCode::kRequiredElementMissing, name() + " (" + e.name + ") is required", e.pos);
      }
      continue;
    }
    if (e.usage == Usage::kNotUsed) {
      // A tolerated element is still read: the file is accepted and the sender told.
      Report(DiagCode::kElementNotUsed,
             name() + " (" + e.name + ") is not used in this guide" +
                 (e.tolerated ? "; accepted, but should be left out" : ""),
             e.pos, 0, v, 0, e.tolerated ? Severity::kWarning : Severity::kError);
      continue;
    }
    // One pass over the value finds separators and characters outside the set; most values
    // hold neither, and then no repetition or component splitting is done.
    ValueScan scan = ScanValue(v);
    if (!scan.repetition) {
      if (!e.composite() && !scan.component) {
        CheckValue(s, e, v, e.pos, 0, 0, !scan.outside);  // the common case, no detour
      } else {
        CheckOccurrence(s, def, e, v, 0, scan);
      }
      continue;
    }
    Element element = s.element_at(e.pos);
    std::size_t reps = element.repetition_count();
    if (e.repeat != 0 && reps > e.repeat) {
      Report(DiagCode::kTooManyRepetitions,
             name() + " repeats " + std::to_string(reps) + " times; at most " +
                 std::to_string(e.repeat),
             e.pos, 0, v);
    }
    for (std::size_t r = 1; r <= reps; ++r) {
      std::string_view rv = element.repetition(r).value();
      CheckOccurrence(s, def, e, rv, static_cast<std::uint32_t>(r), ScanValue(rv));
    }
  }
  for (const SegmentDef::DatePair& p : def.date_pairs) CheckDateValue(s, def, p);
  // Non-empty elements as bits: most rules hold, and a held rule is one mask test.
  std::uint64_t filled = 0;
  if (!def.syntax.empty()) {
    const std::size_t n = std::min<std::size_t>(s.element_count(), 63);
    for (std::size_t p = 1; p <= n; ++p) {
      filled |= std::uint64_t{!s.element(p).empty()} << p;
    }
  }
  for (const schema::SyntaxRule& rule : def.syntax) {
    if (rule.mask != 0) {
      const std::uint64_t have = filled & rule.mask;
      const std::uint64_t first = std::uint64_t{1} << rule.positions[0];
      bool holds = true;
      switch (rule.kind) {
        case schema::SyntaxKind::kPaired:
          holds = have == 0 || have == rule.mask;
          break;
        case schema::SyntaxKind::kRequired:
          holds = have != 0;
          break;
        case schema::SyntaxKind::kExclusion:
          holds = (have & (have - 1)) == 0;
          break;
        case schema::SyntaxKind::kConditional:
          holds = (have & first) == 0 || have == rule.mask;
          break;
        case schema::SyntaxKind::kListConditional:
          holds = (have & first) == 0 || (have & ~first) != 0;
          break;
      }
      if (holds) continue;
    }
    auto present = [&](std::uint32_t p) { return !s.element(p).empty(); };
    const auto& ps = rule.positions;
    std::size_t count = static_cast<std::size_t>(std::count_if(ps.begin(), ps.end(), present));
    auto list = [&] {
      std::string out;
      for (std::uint32_t p : ps) out += (out.empty() ? "" : ", ") + Name(def.id, p);
      return out;
    };
    auto first_absent = [&]() {
      for (std::size_t i = 1; i < ps.size(); ++i) {
        if (!present(ps[i])) return ps[i];
      }
      return ps[0];
    };
    switch (rule.kind) {
      case schema::SyntaxKind::kPaired:
        if (count != 0 && count != ps.size()) {
          std::uint32_t missing = ps[0];
          for (std::uint32_t p : ps) {
            if (!present(p)) {
              missing = p;
              break;
            }
          }
          Report(DiagCode::kConditionalMissing, list() + " must be all present or all absent",
                 missing);
        }
        break;
      case schema::SyntaxKind::kRequired:
        if (count == 0)
          Report(DiagCode::kConditionalMissing, "at least one of " + list() + " is required",
                 ps[0]);
        break;
      case schema::SyntaxKind::kExclusion:
        if (count > 1) {
          std::uint32_t second = ps[0];
          std::size_t seen = 0;
          for (std::uint32_t p : ps) {
            if (present(p) && ++seen == 2) second = p;
          }
          Report(DiagCode::kExclusionViolated, "only one of " + list() + " may be present", second,
                 0, s.element(second));
        }
        break;
      case schema::SyntaxKind::kConditional:
        if (present(ps[0]) && count != ps.size()) {
          Report(DiagCode::kConditionalMissing,
                 "when " + Name(def.id, ps[0]) + " is present, " +
                     list().substr(list().find(',') + 2) + " must be too",
                 first_absent());
        }
        break;
      case schema::SyntaxKind::kListConditional:
        if (present(ps[0]) && count == 1) {
          Report(DiagCode::kConditionalMissing,
                 "when " + Name(def.id, ps[0]) + " is present, at least one of " +
                     list().substr(list().find(',') + 2) + " must be too",
                 ps[1]);
        }
        break;
    }
  }
}

__attribute__((always_inline)) inline void TransactionValidator::CheckValue(
    const Segment& s, const SimpleDef& def, std::string_view v, std::uint32_t element,
    std::uint32_t component, std::uint32_t repetition, bool chars_ok) {
  // The test is plain code with no strings; only a failing value goes to the report below.
  using schema::DataType;
  if (def.type == DataType::kB) return;
  ValueFault fault = ValueFault::kNone;
  const bool numeric = def.type == DataType::kN || def.type == DataType::kR;
  std::size_t length = v.size();
  if (!chars_ok && !std::all_of(v.begin(), v.end(), IsExtendedChar)) {
    fault = ValueFault::kCharacter;
  } else if (numeric && !IsNumeric(v, def.type == DataType::kR)) {
    fault = ValueFault::kNumber;
  } else if ((length = numeric ? SignificantLength(v) : v.size()) < def.min_length) {
    fault = ValueFault::kShort;
  } else if (length > def.max_length) {
    fault = ValueFault::kLong;
  } else if (def.type == DataType::kDT) {
    if (!IsValidDate(v)) fault = ValueFault::kDate;
  } else if (def.type == DataType::kTM) {
    if (!IsValidTime(v)) fault = ValueFault::kTime;
  } else if (!def.codes.empty() && !def.HasCode(v)) {
    fault = ValueFault::kCode;
  }
  if (fault != ValueFault::kNone) [[unlikely]] {
    ReportValue(fault, s, def, v, length, element, component, repetition);
  }
}

void TransactionValidator::ReportValue(ValueFault fault, const Segment& s, const SimpleDef& def,
                                       std::string_view v, std::size_t length,
                                       std::uint32_t element, std::uint32_t component,
                                       std::uint32_t repetition) {
  using schema::DataType;
  auto report = [&](DiagCode code, const std::string& what) {
    std::string name =
        Name(s.id(), element) + (component != 0 ? "-" + std::to_string(component) : "");
    Report(code, name + " (" + def.name + ") " + what, element, component, v, repetition);
  };
  switch (fault) {
    case ValueFault::kNone:
      break;
    case ValueFault::kCharacter:
      report(DiagCode::kInvalidCharacter, "holds a character outside the X12 character set");
      break;
    case ValueFault::kNumber:
      report(DiagCode::kInvalidCharacter,
             std::string("must be a ") +
                 (def.type == DataType::kR ? "decimal number" : "whole number"));
      break;
    case ValueFault::kShort:
      report(DiagCode::kElementTooShort, "is " + std::to_string(length) +
                                             " character(s); at least " +
                                             std::to_string(def.min_length));
      break;
    case ValueFault::kLong:
      report(DiagCode::kElementTooLong, "is " + std::to_string(length) + " character(s); at most " +
                                            std::to_string(def.max_length));
      break;
    case ValueFault::kDate:
      report(DiagCode::kInvalidDate, "is not a real date");
      break;
    case ValueFault::kTime:
      report(DiagCode::kInvalidTime, "is not a real time");
      break;
    case ValueFault::kCode:
      report(DiagCode::kInvalidCode, "is not one of the codes the guide allows here");
      break;
  }
}

}  // namespace edi
