// The schema model and loader, and the built-in schemas checked against another project's
// definitions (../shared/reference/pyx12-maps): every difference is either fixed or listed in
// schema_pyx12_allowlist.tsv with its reason, and a listed difference that no longer exists fails.
#include "edi/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace edi::schema {
namespace {

namespace fs = std::filesystem;

const fs::path kMaps = CLAIMGATE_PYX12_DIR;
const fs::path kAllowList = CLAIMGATE_TEST_DATA_DIR "/schema_pyx12_allowlist.tsv";

const SchemaRegistry& Registry() {
  static auto registry = SchemaRegistry::LoadBuiltIn();
  if (!registry) ADD_FAILURE() << registry.error().message;
  return **registry;
}

TEST(SchemaRegistry, LoadsEveryBuiltInSchema) {
  ASSERT_FALSE(BuiltInSchemaFiles().empty());
  EXPECT_EQ(Registry().schemas().size(), BuiltInSchemaFiles().size());
}

TEST(SchemaRegistry, FindsByVersionAndNotesTheClosest) {
  bool exact = false;
  const TransactionSchema* s = Registry().Find("999", "005010X231A1", &exact);
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(exact);
  EXPECT_EQ(Registry().Find("999", "005010X231", &exact), s);
  EXPECT_FALSE(exact);
  EXPECT_EQ(Registry().Find("999", "004010"), nullptr);
  EXPECT_EQ(Registry().Find("835", "005010X231A1"), nullptr);
}

TEST(Schema999, HasTheGuideStructure) {
  const TransactionSchema* s = Registry().Find("999", "005010X231A1");
  ASSERT_NE(s, nullptr);
  const LoopDef& root = s->root;
  ASSERT_EQ(root.children.size(), 5u);  // ST, AK1, 2000, AK9, SE
  EXPECT_EQ(root.children[0].segment->id, "ST");
  const LoopDef& l2000 = *root.children[2].loop;
  EXPECT_EQ(l2000.id, "2000");
  EXPECT_EQ(l2000.max_repeat, 0u);
  EXPECT_EQ(l2000.trigger().id, "AK2");
  const LoopDef& l2100 = *l2000.children[1].loop;
  EXPECT_EQ(l2100.id, "2100");
  EXPECT_EQ(l2100.children[1].segment->id, "CTX");
  EXPECT_EQ(l2100.children[2].segment->name, "Business Unit Identifier");
  const SegmentDef& ik5 = *l2000.children[2].segment;
  EXPECT_EQ(ik5.id, "IK5");
  const ElementDef* ik501 = ik5.Element(1);
  ASSERT_NE(ik501, nullptr);
  EXPECT_TRUE(ik501->HasCode("R"));
  EXPECT_FALSE(ik501->HasCode("Q"));
  const ElementDef* ctx01 = l2100.children[1].segment->Element(1);
  ASSERT_TRUE(ctx01->composite());
  EXPECT_TRUE(ctx01->components[0].HasCode("SITUATIONAL TRIGGER"));  // '_' stands for a space
  EXPECT_EQ(s->segment_count(), 11u);
}

std::size_t CountSegmentsIn(const LoopDef& loop) {
  std::size_t n = 0;
  for (const Node& c : loop.children) n += c.is_loop() ? CountSegmentsIn(*c.loop) : 1;
  return n;
}

// The child loop of `parent` with id `id`, or nullptr.
const LoopDef* ChildLoop(const LoopDef& parent, const std::string& id) {
  for (const Node& n : parent.children) {
    if (n.is_loop() && n.loop->id == id) return n.loop.get();
  }
  return nullptr;
}

TEST(Schema837P, NestsTheHierarchyAndDefinesTheClaimUnderBothLevels) {
  bool exact = true;
  const TransactionSchema* s = Registry().Find("837", "005010X222A2", &exact);
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(exact);  // the A2 errata is read with the A1 schema and a note
  EXPECT_EQ(s->guide, "005010X222A1");
  const LoopDef* a = ChildLoop(s->root, "2000A");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->hl_level, "20");
  const LoopDef* b = ChildLoop(*a, "2000B");
  ASSERT_NE(b, nullptr);
  const LoopDef* c = ChildLoop(*b, "2000C");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->hl_level, "23");
  const LoopDef* claim_b = ChildLoop(*b, "2300");
  const LoopDef* claim_c = ChildLoop(*c, "2300");
  ASSERT_NE(claim_b, nullptr);
  ASSERT_NE(claim_c, nullptr);
  EXPECT_EQ(claim_b->usage, Usage::kSituational);  // only when the subscriber is the patient
  EXPECT_EQ(claim_c->usage, Usage::kRequired);
  EXPECT_EQ(claim_b->max_repeat, 100u);
  EXPECT_EQ(claim_b->trigger().id, "CLM");
  const LoopDef* line = ChildLoop(*claim_c, "2400");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->max_repeat, 50u);
  EXPECT_EQ(CountSegmentsIn(*claim_b), CountSegmentsIn(*claim_c));
}

struct BadSchema {
  const char* xml;
  const char* message;
};

TEST(LoadSchema, RejectsBrokenFilesNamingWhere) {
  for (
      const BadSchema& c : {
          BadSchema{"<transaction id='1' guide='g'><segment id='ST' usage='R'>",
                    "XML error at byte"},
          BadSchema{"<other/>", "root element must be <transaction>"},
          BadSchema{"<transaction guide='g'><segment id='ST' usage='R'/></transaction>",
                    "needs 'id'"},
          BadSchema{"<transaction id='1' guide='g'><segment id='ST' usage='R' "
                    "colour='red'/></transaction>",
                    "unknown attribute 'colour'"},
          BadSchema{
              "<transaction id='1' guide='g'><segment id='ST' usage='R'><element pos='1' type='XX' "
              "max='2' usage='R'/></segment></transaction>",
              "transaction/ST: type 'XX'"},
          BadSchema{
              "<transaction id='1' guide='g'><segment id='ST' usage='R'><element pos='1' type='AN' "
              "min='3' max='2' usage='R'/></segment></transaction>",
              "min <= max"},
          BadSchema{
              "<transaction id='1' guide='g'><loop id='2000' usage='R'><loop id='2100' usage='R'>"
              "<segment id='X' usage='R'/></loop></loop></transaction>",
              "transaction/2000: a loop must start with its trigger segment"},
          BadSchema{"<transaction id='1' guide='g'><segment id='ST' usage='Q'/></transaction>",
                    "usage must be R, S or N"},
          BadSchema{
              "<transaction id='1' guide='g'><segment id='ST' usage='R' max='lots'/></transaction>",
              "'max' must be a number or 'unbounded'"},
      }) {
    auto r = LoadSchema(c.xml, "bad.xml");
    ASSERT_FALSE(r.has_value()) << c.xml;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.rfind("bad.xml: ", 0), 0u);
  }
}

// ---- comparison with pyx12's maps -------------------------------------------------------------

struct DataElement {
  std::string type;
  std::uint32_t min = 0, max = 0;
};

std::map<std::string, DataElement> LoadDataElements() {
  std::map<std::string, DataElement> out;
  pugi::xml_document doc;
  if (!doc.load_file((kMaps / "dataele.xml").c_str())) return out;
  for (pugi::xml_node e : doc.child("data_elements").children("data_ele")) {
    out[e.attribute("ele_num").as_string()] = {e.attribute("data_type").as_string(),
                                               e.attribute("min_len").as_uint(),
                                               e.attribute("max_len").as_uint()};
  }
  return out;
}

class Comparer {
 public:
  explicit Comparer(std::map<std::string, DataElement> dataele) : dataele_(std::move(dataele)) {}

  // Children of a pyx12 loop with its wrapper loops (ISA/GS/ST, HEADER/DETAIL/FOOTER) inlined.
  static std::vector<pugi::xml_node> Children(pugi::xml_node loop) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c : loop.children()) {
      std::string_view kind = c.name();
      if (kind != "segment" && kind != "loop") continue;
      std::string_view xid = c.attribute("xid").as_string();
      bool wrapper =
          kind == "loop" && (std::string_view(c.attribute("type").as_string()) == "wrapper" ||
                             xid == "ISA_LOOP" || xid == "GS_LOOP" || xid == "ST_LOOP");
      if (wrapper) {
        for (pugi::xml_node g : Children(c)) out.push_back(g);
      } else if (!(kind == "segment" &&
                   (xid == "ISA" || xid == "GS" || xid == "GE" || xid == "IEA" || xid == "TA1"))) {
        out.push_back(c);
      }
    }
    return out;
  }

  void CompareLoop(const LoopDef& ours, pugi::xml_node theirs, const std::string& path) {
    std::vector<pugi::xml_node> kids = Children(theirs);
    std::size_t n = std::max(kids.size(), ours.children.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (i >= ours.children.size()) {
        Diff(path + "/#" + std::to_string(i + 1), "missing", "-", Name(kids[i]));
        continue;
      }
      const Node& o = ours.children[i];
      std::string oname = o.is_loop() ? "loop " + o.loop->id : o.segment->id;
      if (i >= kids.size()) {
        Diff(path + "/" + oname, "extra", oname, "-");
        continue;
      }
      if (oname != Name(kids[i])) {
        Diff(path + "/#" + std::to_string(i + 1), "order", oname, Name(kids[i]));
        return;  // the rest of this level would only repeat the shift
      }
      if (o.is_loop()) {
        const LoopDef& l = *o.loop;
        std::string p = path + "/" + l.id;
        Same(p, "usage", std::string(UsageName(l.usage)), Text(kids[i], "usage"));
        Same(p, "repeat", l.max_repeat == 0 ? ">1" : std::to_string(l.max_repeat),
             Text(kids[i], "repeat"));
        CompareLoop(l, kids[i], p);
      } else {
        CompareSegment(*o.segment, kids[i],
                       path + "/" + o.segment->id + "[" + std::to_string(i + 1) + "]");
      }
    }
  }

  const std::set<std::string>& diffs() const { return diffs_; }

 private:
  static std::string Name(pugi::xml_node n) {
    return std::string(n.name()) == "loop" ? std::string("loop ") + n.attribute("xid").as_string()
                                           : n.attribute("xid").as_string();
  }
  static std::string Text(pugi::xml_node n, const char* child) {
    return n.child(child).text().as_string();
  }

  void Diff(const std::string& path, const std::string& field, const std::string& ours,
            const std::string& theirs) {
    diffs_.insert(path + "\t" + field + "\tours=" + ours + " theirs=" + theirs);
  }
  void Same(const std::string& path, const std::string& field, const std::string& ours,
            const std::string& theirs) {
    if (ours != theirs) Diff(path, field, ours, theirs);
  }

  void CompareSegment(const SegmentDef& s, pugi::xml_node t, const std::string& path) {
    Same(path, "usage", std::string(UsageName(s.usage)), Text(t, "usage"));
    Same(path, "max_use", s.max_use == 0 ? ">1" : std::to_string(s.max_use), Text(t, "max_use"));
    std::set<std::uint32_t> seen;
    for (pugi::xml_node e : t.children()) {
      std::string_view kind = e.name();
      if (kind != "element" && kind != "composite") continue;
      auto pos = static_cast<std::uint32_t>(std::stoul(Text(e, "seq")));
      seen.insert(pos);
      std::string p = path + "-" + std::to_string(pos);
      const ElementDef* o = s.Element(pos);
      std::string their_usage = Text(e, "usage");
      if (o == nullptr) {
        if (their_usage != "N") Diff(p, "element", "-", their_usage);
        continue;
      }
      CompareSimple(*o, e, p);
      if (kind == "composite") {
        if (!o->composite()) {
          Diff(p, "composite", "no", "yes");
          continue;
        }
        std::string repeat = Text(e, "repeat");
        Same(p, "repeat", std::to_string(o->repeat), repeat.empty() ? "1" : repeat);
        for (pugi::xml_node c : e.children("element")) {
          auto cpos = static_cast<std::uint32_t>(std::stoul(Text(c, "seq")));
          std::string cp = p + "-" + std::to_string(cpos);
          if (cpos > o->components.size()) {
            if (Text(c, "usage") != "N") Diff(cp, "component", "-", Text(c, "usage"));
            continue;
          }
          CompareSimple(o->components[cpos - 1], c, cp);
          CompareType(o->components[cpos - 1], c, cp);
        }
      } else {
        if (o->composite()) Diff(p, "composite", "yes", "no");
        std::string repeat = Text(e, "repeat");
        Same(p, "repeat", std::to_string(o->repeat), repeat.empty() ? "1" : repeat);
        CompareType(*o, e, p);
      }
    }
    for (const ElementDef& o : s.elements) {
      if (!seen.count(o.pos)) Diff(path + "-" + std::to_string(o.pos), "element", "present", "-");
    }
  }

  void CompareSimple(const SimpleDef& o, pugi::xml_node t, const std::string& p) {
    Same(p, "usage", std::string(UsageName(o.usage)), Text(t, "usage"));
    if (o.usage == Usage::kNotUsed) return;
    std::set<std::string> theirs;
    for (pugi::xml_node c : t.child("valid_codes").children("code"))
      theirs.insert(c.text().as_string());
    std::set<std::string> ours(o.codes.begin(), o.codes.end());
    if (std::string_view(t.child("valid_codes").attribute("external").as_string()).empty() &&
        ours != theirs) {
      std::string a, b;
      for (const auto& c : ours) {
        if (!theirs.count(c)) a += (a.empty() ? "" : ",") + c;
      }
      for (const auto& c : theirs) {
        if (!ours.count(c)) b += (b.empty() ? "" : ",") + c;
      }
      Diff(p, "codes", a.empty() ? "-" : a, b.empty() ? "-" : b);
    }
  }

  void CompareType(const SimpleDef& o, pugi::xml_node t, const std::string& p) {
    if (o.usage == Usage::kNotUsed) return;
    auto it = dataele_.find(Text(t, "data_ele"));
    if (it == dataele_.end()) return;
    Same(p, "type", std::string(DataTypeName(o.type, o.decimals)), it->second.type);
    Same(p, "min", std::to_string(o.min_length), std::to_string(it->second.min));
    Same(p, "max", std::to_string(o.max_length), std::to_string(it->second.max));
  }

  std::map<std::string, DataElement> dataele_;
  std::set<std::string> diffs_;
};

// guide -> the pyx12 map file that describes the same guide.
const std::map<std::string, std::string> kMapFor = {
    {"005010X222A1", "837.5010.X222.A1.xml"},
    {"005010X231A1", "999.5010X231.A1.xml"},
};

TEST(SchemaPyx12, EveryDifferenceIsFixedOrExplained) {
  auto dataele = LoadDataElements();
  ASSERT_FALSE(dataele.empty()) << "pyx12 maps not found at " << kMaps;
  std::map<std::string, std::set<std::string>> allowed;  // guide -> "path\tfield"
  std::ifstream in(kAllowList);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string guide, path, field;
    std::getline(ss, guide, '\t');
    std::getline(ss, path, '\t');
    std::getline(ss, field, '\t');
    allowed[guide].insert(path + "\t" + field);
  }
  for (const auto& [guide, map_file] : kMapFor) {
    const TransactionSchema* ours = nullptr;
    for (const auto& s : Registry().schemas()) {
      if (s->guide == guide) ours = s.get();
    }
    ASSERT_NE(ours, nullptr) << guide;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file((kMaps / map_file).c_str())) << map_file;
    Comparer comparer(dataele);
    comparer.CompareLoop(ours->root, doc.child("transaction"), guide);
    std::set<std::string> used;
    for (const std::string& d : comparer.diffs()) {
      std::string key = d.substr(0, d.rfind('\t'));
      key = key.substr(guide.size() + 0);
      std::string path_field = d.substr(0, d.rfind('\t'));
      if (allowed[guide].count(path_field)) {
        used.insert(path_field);
      } else {
        ADD_FAILURE() << "difference not fixed or listed in schema_pyx12_allowlist.tsv:\n"
                      << guide << "\t" << d;
      }
    }
    for (const std::string& a : allowed[guide]) {
      EXPECT_TRUE(used.count(a)) << "allow-list entry no longer differs; remove it: " << a;
    }
  }
}

}  // namespace
}  // namespace edi::schema
