#include "edi/schema.hpp"

#include "edi/segment.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <pugixml.hpp>

namespace edi::schema {
namespace {

// The space-separated words of an attribute. (An istringstream per attribute cost most of the
// start-up time: each one builds its locale facets.)
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

class Loader {
 public:
  explicit Loader(std::string_view source) : source_(source) {}

  Result<std::unique_ptr<TransactionSchema>> Load(std::string_view xml) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
    if (!parsed) {
      return Fail("XML error at byte " + std::to_string(parsed.offset) + ": " +
                  parsed.description());
    }
    pugi::xml_node t = doc.child("transaction");
    if (!t) return Fail("the root element must be <transaction>");
    auto schema = std::make_unique<TransactionSchema>();
    path_ = "transaction";
    Allowed(t, {"id", "guide", "also", "name"});
    schema->id = Required(t, "id");
    schema->guide = Required(t, "guide");
    schema->name = t.attribute("name").as_string();
    for (std::string_view v : Words(t.attribute("also").as_string())) {
      schema->also.emplace_back(v);
    }
    schema->root.usage = Usage::kRequired;
    ReadChildren(t, &schema->root);
    if (!error_.empty()) return Fail(error_);
    if (schema->root.children.empty()) return Fail("the transaction defines no segment");
    return schema;
  }

 private:
  Error Fail(const std::string& message) const {
    return Error{"schema_invalid", std::string(source_) + ": " + message};
  }
  void Problem(const std::string& message) {
    if (error_.empty()) error_ = path_ + ": " + message;
  }
  void Allowed(pugi::xml_node n, std::initializer_list<std::string_view> names) {
    for (pugi::xml_attribute a : n.attributes()) {
      if (std::find(names.begin(), names.end(), std::string_view(a.name())) == names.end()) {
        Problem(std::string("unknown attribute '") + a.name() + "' on <" + n.name() + ">");
      }
    }
  }
  std::string Required(pugi::xml_node n, const char* name) {
    pugi::xml_attribute a = n.attribute(name);
    if (!a || a.value()[0] == '\0') Problem(std::string("<") + n.name() + "> needs '" + name + "'");
    return a.value();
  }
  std::uint32_t Number(pugi::xml_node n, const char* name, std::uint32_t fallback,
                       bool unbounded_ok) {
    pugi::xml_attribute a = n.attribute(name);
    if (!a) return fallback;
    std::string_view v = a.value();
    if (unbounded_ok && v == "unbounded") return 0;
    std::uint32_t out = 0;
    auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size()) {
      Problem(std::string("'") + name + "' must be a number" +
              (unbounded_ok ? " or 'unbounded'" : ""));
    }
    return out;
  }
  Usage ReadUsage(pugi::xml_node n, bool not_used_ok) {
    std::string_view u = n.attribute("usage").as_string();
    if (u == "R") return Usage::kRequired;
    if (u == "S") return Usage::kSituational;
    if (u == "N" && not_used_ok) return Usage::kNotUsed;
    Problem("usage must be R, S" + std::string(not_used_ok ? " or N" : ""));
    return Usage::kSituational;
  }

  void ReadSimple(pugi::xml_node n, SimpleDef* d) {
    d->pos = Number(n, "pos", 0, false);
    if (d->pos == 0) Problem("'pos' must be 1 or more");
    d->ref = n.attribute("ref").as_string();
    d->name = n.attribute("name").as_string();
    d->usage = ReadUsage(n, true);
    std::string_view type = n.attribute("type").as_string();
    if (type == "AN")
      d->type = DataType::kAN;
    else if (type == "ID")
      d->type = DataType::kID;
    else if (type == "DT")
      d->type = DataType::kDT;
    else if (type == "TM")
      d->type = DataType::kTM;
    else if (type == "R")
      d->type = DataType::kR;
    else if (type == "B")
      d->type = DataType::kB;
    else if (type.size() == 2 && type[0] == 'N' && type[1] >= '0' && type[1] <= '9') {
      d->type = DataType::kN;
      d->decimals = static_cast<std::uint8_t>(type[1] - '0');
    } else {
      Problem("type '" + std::string(type) + "' is not AN, ID, DT, TM, N0-N9, R or B");
    }
    d->min_length = Number(n, "min", 1, false);
    d->max_length = Number(n, "max", 0, false);
    if (d->max_length == 0 || d->min_length > d->max_length) Problem("needs 0 < min <= max");
    for (std::string_view word : Words(n.attribute("codes").as_string())) {
      std::string c(word);
      std::replace(c.begin(), c.end(), '_', ' ');
      d->codes.push_back(std::move(c));
    }
    std::sort(d->codes.begin(), d->codes.end());
    for (const std::string& c : d->codes) {
      if (std::uint64_t packed = SimpleDef::PackCode(c)) d->short_codes.push_back(packed);
    }
    std::sort(d->short_codes.begin(), d->short_codes.end());
    d->codeset = n.attribute("codeset").as_string();
    std::string_view match = n.attribute("match").as_string();
    d->match = match == "yes";
    if (d->match && d->codes.empty()) Problem("match=\"yes\" needs codes");
    std::string_view tolerated = n.attribute("tolerated").as_string();
    d->tolerated = tolerated == "yes";
    if (!tolerated.empty() && tolerated != "yes") Problem("tolerated must be \"yes\" when given");
    if (d->tolerated && d->usage != Usage::kNotUsed) Problem("tolerated=\"yes\" needs usage N");
  }

  void ReadSegment(pugi::xml_node n, SegmentDef* s) {
    Allowed(n, {"id", "name", "usage", "max"});
    s->id = Required(n, "id");
    s->key = SegmentIdKey(s->id);
    s->name = n.attribute("name").as_string();
    s->usage = ReadUsage(n, true);
    s->max_use = Number(n, "max", 1, true);
    std::string saved = path_;
    path_ += "/" + s->id;
    for (pugi::xml_node c : n.children()) {
      std::string_view kind = c.name();
      if (c.type() != pugi::node_element) continue;
      if (kind == "element") {
        Allowed(c, {"pos", "ref", "name", "type", "min", "max", "usage", "repeat", "codes",
                    "codeset", "match", "tolerated"});
        ElementDef e;
        ReadSimple(c, &e);
        e.repeat = Number(c, "repeat", 1, true);
        s->elements.push_back(std::move(e));
      } else if (kind == "composite") {
        Allowed(c, {"pos", "ref", "name", "usage", "repeat"});
        ElementDef e;
        e.pos = Number(c, "pos", 0, false);
        e.ref = c.attribute("ref").as_string();
        e.name = c.attribute("name").as_string();
        e.usage = ReadUsage(c, true);
        e.repeat = Number(c, "repeat", 1, true);
        for (pugi::xml_node comp : c.children("component")) {
          Allowed(comp, {"pos", "ref", "name", "type", "min", "max", "usage", "codes", "codeset",
                         "match"});
          SimpleDef d;
          ReadSimple(comp, &d);
          e.components.push_back(std::move(d));
        }
        if (e.components.empty())
          Problem("composite " + std::to_string(e.pos) + " has no component");
        s->elements.push_back(std::move(e));
      } else if (kind == "syntax") {
        Allowed(c, {"rule", "elements"});
        SyntaxRule rule{};
        std::string_view r = c.attribute("rule").as_string();
        if (r == "P")
          rule.kind = SyntaxKind::kPaired;
        else if (r == "R")
          rule.kind = SyntaxKind::kRequired;
        else if (r == "E")
          rule.kind = SyntaxKind::kExclusion;
        else if (r == "C")
          rule.kind = SyntaxKind::kConditional;
        else if (r == "L")
          rule.kind = SyntaxKind::kListConditional;
        else
          Problem("syntax rule must be P, R, E, C or L");
        for (std::string_view word : Words(c.attribute("elements").as_string())) {
          std::uint32_t p = 0;
          auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), p);
          if (ec != std::errc() || end != word.data() + word.size()) {
            Problem("syntax note elements must be numbers");
            break;
          }
          rule.positions.push_back(p);
        }
        if (rule.positions.size() < 2) Problem("a syntax note needs two or more elements");
        for (std::uint32_t p : rule.positions) {
          if (p >= 64) {
            rule.mask = 0;
            break;
          }
          rule.mask |= std::uint64_t{1} << p;
        }
        s->syntax.push_back(std::move(rule));
      } else {
        Problem("unexpected <" + std::string(kind) + "> in a segment");
      }
    }
    for (std::size_t i = 1; i < s->elements.size(); ++i) {
      if (s->elements[i].pos <= s->elements[i - 1].pos)
        Problem("elements must be in position order");
    }
    for (std::size_t i = 0; i < s->elements.size(); ++i) {
      const ElementDef& e = s->elements[i];
      if (i > 0 && e.ref == "1251" && s->elements[i - 1].ref == "1250" &&
          s->elements[i - 1].pos + 1 == e.pos) {
        s->date_pairs.push_back({s->elements[i - 1].pos, 0, e.pos, 0});
      }
      for (std::size_t k = 1; k < e.components.size(); ++k) {
        const SimpleDef& c = e.components[k];
        const SimpleDef& q = e.components[k - 1];
        if (c.ref == "1251" && q.ref == "1250" && q.pos + 1 == c.pos) {
          s->date_pairs.push_back({e.pos, q.pos, e.pos, c.pos});
        }
      }
    }
    for (const ElementDef& e : s->elements) {
      if (e.usage == Usage::kRequired) s->last_required = std::max(s->last_required, e.pos);
      if (e.match) s->matchers.push_back({&e, e.pos, 0});
      for (const SimpleDef& c : e.components) {
        if (c.match) s->matchers.push_back({&c, e.pos, c.pos});
      }
    }
    path_ = saved;
  }

  void ReadChildren(pugi::xml_node n, LoopDef* loop) {
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view kind = c.name();
      Node node;
      if (kind == "segment") {
        node.segment = std::make_unique<SegmentDef>();
        ReadSegment(c, node.segment.get());
      } else if (kind == "loop") {
        Allowed(c, {"id", "name", "usage", "max", "hl"});
        node.loop = std::make_unique<LoopDef>();
        LoopDef& l = *node.loop;
        l.id = Required(c, "id");
        l.name = c.attribute("name").as_string();
        l.usage = ReadUsage(c, false);
        l.max_repeat = Number(c, "max", 1, true);
        l.hl_level = c.attribute("hl").as_string();
        std::string saved = path_;
        path_ += "/" + l.id;
        ReadChildren(c, &l);
        if (l.children.empty() || l.children.front().is_loop()) {
          Problem("a loop must start with its trigger segment");
        } else if (!l.hl_level.empty() && l.children.front().segment->id != "HL") {
          Problem("an hl loop must start with HL");
        }
        path_ = saved;
      } else {
        Problem("unexpected <" + std::string(kind) + ">");
        continue;
      }
      loop->child_keys.push_back(
          node.is_loop() ? (node.loop->children.empty() || node.loop->children.front().is_loop()
                                ? 0
                                : node.loop->children.front().segment->key)
                         : node.segment->key);
      if ((node.is_loop() ? node.loop->usage : node.segment->usage) == Usage::kRequired) {
        loop->required_children.push_back(static_cast<std::uint32_t>(loop->children.size()));
      }
      loop->children.push_back(std::move(node));
    }
  }

  std::string_view source_;
  std::string path_;
  std::string error_;
};

std::size_t CountSegments(const LoopDef& loop) {
  std::size_t n = 0;
  for (const Node& c : loop.children) n += c.is_loop() ? CountSegments(*c.loop) : 1;
  return n;
}

}  // namespace

std::string_view UsageName(Usage u) {
  switch (u) {
    case Usage::kRequired:
      return "R";
    case Usage::kSituational:
      return "S";
    case Usage::kNotUsed:
      return "N";
  }
  return "S";
}

std::string_view DataTypeName(DataType t, std::uint8_t decimals) {
  static constexpr std::string_view kN[] = {"N0", "N1", "N2", "N3", "N4",
                                            "N5", "N6", "N7", "N8", "N9"};
  switch (t) {
    case DataType::kAN:
      return "AN";
    case DataType::kID:
      return "ID";
    case DataType::kDT:
      return "DT";
    case DataType::kTM:
      return "TM";
    case DataType::kN:
      return kN[decimals < 10 ? decimals : 0];
    case DataType::kR:
      return "R";
    case DataType::kB:
      return "B";
  }
  return "AN";
}

std::uint64_t SimpleDef::PackCode(std::string_view value) {
  if (value.empty() || value.size() > 8) return 0;
  std::uint64_t packed = 0;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return 0;  // not printable: the string lookup decides
    packed = packed << 8 | u;
  }
  // Printable bytes are never 0 and their top bit is clear, so values of different lengths
  // differ in the top byte (data for 8 characters: >= 0xa0 after the xor; 0x10-0x70 below).
  return packed ^ (static_cast<std::uint64_t>(value.size()) << 60);
}

bool SimpleDef::HasCode(std::string_view value) const {
  if (std::uint64_t packed = PackCode(value)) {
    return std::binary_search(short_codes.begin(), short_codes.end(), packed);
  }
  return std::binary_search(codes.begin(), codes.end(), value,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

const ElementDef* SegmentDef::Element(std::uint32_t pos) const {
  if (pos >= 1 && pos <= elements.size() && elements[pos - 1].pos == pos) return &elements[pos - 1];
  for (const ElementDef& e : elements) {
    if (e.pos == pos) return &e;
  }
  return nullptr;
}

std::size_t TransactionSchema::segment_count() const { return CountSegments(root); }

Result<std::unique_ptr<TransactionSchema>> LoadSchema(std::string_view xml,
                                                      std::string_view source) {
  return Loader(source).Load(xml);
}

Result<std::unique_ptr<SchemaRegistry>> SchemaRegistry::LoadBuiltIn() {
  auto registry = std::unique_ptr<SchemaRegistry>(new SchemaRegistry());
  for (const EmbeddedSchema& file : BuiltInSchemaFiles()) {
    auto schema = LoadSchema(std::string_view(file.xml, file.size), file.name);
    if (!schema) return schema.error();
    registry->schemas_.push_back(std::move(*schema));
  }
  return registry;
}

const TransactionSchema* SchemaRegistry::Find(std::string_view transaction_id,
                                              std::string_view version, bool* exact) const {
  for (const auto& s : schemas_) {
    if (s->id == transaction_id && s->guide == version) {
      if (exact != nullptr) *exact = true;
      return s.get();
    }
  }
  for (const auto& s : schemas_) {
    if (s->id != transaction_id) continue;
    if (std::find(s->also.begin(), s->also.end(), version) != s->also.end()) {
      if (exact != nullptr) *exact = false;
      return s.get();
    }
  }
  return nullptr;
}

}  // namespace edi::schema
