// The strict structural check of a .docx written by fz::annotate, against the original it was
// made from (no Word is available to open it): every entry but the parts annotate may change
// is byte for byte the original's; changed parts are well-formed XML; the comments part is
// related from the document and has its content type; every comment id is defined once in
// the comments part and started, ended and referenced exactly once, in that order, in the
// body or a footnote/endnote; revision ids are unique and distinct from comment ids.
// Used by tests/test_annotate.cpp and fuzz/fuzz_annotate.cpp; needs only libzip and pugixml.
#pragma once

#include <pugixml.hpp>
#include <zip.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fz::testing {

/// What the strict structural check found: fzlint's comments, and every problem.
struct Validation {
  size_t ours = 0;
  std::vector<std::string> problems;
};

namespace annotate_check_detail {

struct ZipEntry {
  std::string content;
  uint32_t crc = 0;
  uint64_t comp_size = 0;
  uint16_t method = 0;
  bool readable = true;  ///< its data inflates (a damaged entry annotate never reads is copied as is)
};

/// ASCII lower case: OPC part names are equivalent regardless of ASCII case (ECMA-376 Part 2,
/// part names), and fzlint's reader and annotate find parts that way (zip_name_locate with
/// ZIP_FL_NOCASE), so the check keys entries by the lower-cased name.
inline std::string fold_name(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// Every entry by its lower-cased name (the first of names equal but for case, as libzip's
/// case-insensitive lookup finds it); false when the bytes do not open as a ZIP (`strict`: with
/// libzip's consistency checks), an entry has no directory record, or a name repeats exactly.
inline bool zip_entries(const std::string& bytes, std::map<std::string, ZipEntry>& out, bool strict) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return false;
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | (strict ? ZIP_CHECKCONS : 0), &err);
  zip_error_fini(&err);
  if (!za) {
    zip_source_free(src);
    return false;
  }
  bool ok = true;
  std::set<std::string> exact;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n && ok; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      ok = false;
      break;
    }
    ZipEntry e;
    e.crc = st.crc;
    e.comp_size = st.comp_size;
    e.method = st.comp_method;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (f && st.size <= (64u << 20)) {
      e.content.resize(st.size);
      if (st.size && zip_fread(f, e.content.data(), st.size) != static_cast<zip_int64_t>(st.size))
        e.readable = false;
    } else {
      e.readable = false;
    }
    if (f) zip_fclose(f);
    if (!e.readable) e.content.clear();
    if (ok && !exact.insert(st.name).second) ok = false;
    if (ok) out.emplace(fold_name(st.name), std::move(e));
  }
  zip_discard(za);
  return ok;
}

}  // namespace annotate_check_detail

#define V_EXPECT(cond, msg)                    \
  do {                                         \
    if (!(cond)) {                             \
      std::ostringstream os_;                  \
      os_ << msg;                              \
      val.problems.push_back(os_.str());       \
    }                                          \
  } while (0)

namespace annotate_check_detail {
inline constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
inline std::string local(const char* n) {
  std::string s(n);
  const size_t c = s.find(':');
  return c == std::string::npos ? s : s.substr(c + 1);
}

inline const char* id_of(pugi::xml_node n) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
    if (local(a.name()) == "id") return a.value();
  return nullptr;
}

}  // namespace annotate_check_detail

/// The strict structural check of an annotated package against its original.
inline Validation check_package(const std::string& original, const std::string& annotated) {
  using namespace annotate_check_detail;
  Validation val;
  std::map<std::string, ZipEntry> before, after;
  if (!zip_entries(original, before, false)) {
    val.problems.push_back("the original is not a readable ZIP");
    return val;
  }
  if (!zip_entries(annotated, after, true)) {
    val.problems.push_back("the annotated copy is not a readable ZIP (or has duplicate names)");
    return val;
  }
  const std::set<std::string> may_change = {"word/document.xml", "word/comments.xml",
                                            "[content_types].xml", "word/_rels/document.xml.rels",
                                            "word/footnotes.xml", "word/endnotes.xml"};
  // Untouched entries: same content, same stored bytes (CRC, compressed size, method).
  for (const auto& [name, e] : before) {
    auto it = after.find(name);
    if (it == after.end()) {
      val.problems.push_back("entry removed: " + name);
      continue;
    }
    if (may_change.count(name)) continue;
    V_EXPECT(it->second.content == e.content && it->second.readable == e.readable &&
                 it->second.crc == e.crc && it->second.comp_size == e.comp_size &&
                 it->second.method == e.method,
             "entry changed: " << name);
  }

  // Every changed part is well-formed XML.
  auto parse = [&](const std::string& name, pugi::xml_document& d) {
    auto it = after.find(name);
    if (it == after.end()) {
      val.problems.push_back("missing part: " + name);
      return false;
    }
    if (!it->second.readable) {
      val.problems.push_back("unreadable part: " + name);
      return false;
    }
    pugi::xml_parse_result r = d.load_buffer(it->second.content.data(), it->second.content.size());
    V_EXPECT(r, name << ": " << r.description());
    return static_cast<bool>(r);
  };
  pugi::xml_document doc, comments, types, rels;
  if (!parse("word/document.xml", doc) || !parse("[content_types].xml", types) ||
      !parse("word/_rels/document.xml.rels", rels))
    return val;

  // Relationship → comments part, and its content type.
  std::string target;
  for (pugi::xml_node r : rels.document_element().children())
    if (std::string(r.attribute("Type").value()) ==
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")
      target = r.attribute("Target").value();
  if (target.empty()) {
    val.problems.push_back("no comments relationship");
    return val;
  }
  const std::string part = fold_name(target.front() == '/' ? target.substr(1) : "word/" + target);
  // New entries: only the parts annotate may write, and the comments part the document names
  // (word/comments2.xml when a comments.xml the document does not use is already there).
  for (const auto& [name, e] : after)
    V_EXPECT((before.count(name) || may_change.count(name) || name == part), "unexpected new entry: " << name);
  if (!parse(part, comments)) return val;
  bool typed = false;
  for (pugi::xml_node o : types.document_element().children())
    if (fold_name(o.attribute("PartName").value()) == "/" + part)
      typed = std::string(o.attribute("ContentType").value()) ==
              "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
  V_EXPECT(typed, "no content type for /" << part);
  V_EXPECT(std::string(types.document_element().attribute("xmlns").value()) ==
               "http://schemas.openxmlformats.org/package/2006/content-types",
           "content types without their namespace");
  // Relationship ids unique.
  std::set<std::string> rids;
  for (pugi::xml_node r : rels.document_element().children())
    V_EXPECT(rids.insert(r.attribute("Id").value()).second, "duplicate rId");

  // Comment ids: defined once in comments.xml; each started, ended and referenced once in the
  // body, start before end before reference, in document order.
  std::map<std::string, int> defined;
  std::set<std::string> fz_ids;
  size_t ours = 0;
  // The original's comments part as it was (a fuzzed one may already lack ids or repeat them:
  // not annotate's doing; annotate only appends).
  std::map<std::string, int> defined_before;
  size_t no_id_before = 0, no_id = 0;
  if (auto it = before.find(part); it != before.end()) {
    pugi::xml_document old;
    if (old.load_buffer(it->second.content.data(), it->second.content.size()))
      for (pugi::xml_node c : old.document_element().children()) {
        if (local(c.name()) != "comment") continue;
        if (const char* id = id_of(c)) ++defined_before[id];
        else ++no_id_before;
      }
  }
  for (pugi::xml_node c : comments.document_element().children()) {
    if (local(c.name()) != "comment") continue;
    const char* id = id_of(c);
    if (!id) {
      V_EXPECT(++no_id <= no_id_before, "comment without id");
      continue;
    }
    ++defined[id];
    V_EXPECT(defined[id] == 1 || defined[id] <= defined_before[id], "comment id defined twice: " << id);
    bool fz = false;
    for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute())
      if (local(a.name()) == "author" && std::string(a.value()) == "fzlint") fz = true;
    if (fz) {
      ++ours;
      fz_ids.insert(id);
      std::string initials;
      for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute())
        if (local(a.name()) == "initials") initials = a.value();
      V_EXPECT(initials == "FZ", "comment " << id << ": initials " << initials);
      V_EXPECT(c.find_node([](pugi::xml_node n) { return local(n.name()) == "annotationRef"; }),
               "comment " << id << " without annotationRef");
    }
  }
  // Markers and revisions of the body and the notes (comments and revisions inside footnotes
  // and endnotes share the ids of the body), in the annotated copy and in the original: what
  // annotate did not add must be as it was (a fuzzed original may already be inconsistent).
  struct Marks {
    std::map<std::string, std::vector<std::string>> seen;  // comment id → marker kinds in order
    std::map<std::string, size_t> revs;                    // revision id → uses
    size_t without_id = 0;
  };
  struct Walker : pugi::xml_tree_walker {
    Marks* m = nullptr;
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      const std::string ln = local(n.name());
      const bool marker = ln == "commentRangeStart" || ln == "commentRangeEnd" || ln == "commentReference";
      if (marker || ln == "ins" || ln == "del") {
        const char* id = id_of(n);
        if (!id) ++m->without_id;
        else if (marker) m->seen[id].push_back(ln);
        else ++m->revs[id];
      }
      return true;
    }
  };
  auto walk = [&](const std::map<std::string, ZipEntry>& entries, pugi::xml_document* main_doc,
                  bool is_after) {
    Marks m;
    Walker w;
    w.m = &m;
    pugi::xml_document own;
    if (!main_doc) {
      auto it = entries.find("word/document.xml");
      if (it != entries.end() && own.load_buffer(it->second.content.data(), it->second.content.size()))
        main_doc = &own;
    }
    if (main_doc) main_doc->traverse(w);
    for (const char* notes : {"word/footnotes.xml", "word/endnotes.xml"}) {
      auto a = entries.find(notes);
      if (a == entries.end()) continue;
      auto b = before.find(notes);
      // A changed notes part must parse; an untouched one (the original's, checked above) may
      // not be XML at all when the body references none of its notes.
      const bool changed = is_after && (b == before.end() || b->second.content != a->second.content);
      pugi::xml_document nd;
      if (changed ? parse(notes, nd)
                  : static_cast<bool>(nd.load_buffer(a->second.content.data(), a->second.content.size())))
        nd.traverse(w);
    }
    return m;
  };
  const Marks now = walk(after, &doc, true);
  const Marks was = walk(before, nullptr, false);
  V_EXPECT(now.without_id <= was.without_id, "comment marker or revision without id");
  const std::vector<std::string> want = {"commentRangeStart", "commentRangeEnd", "commentReference"};
  auto kinds_was = [&](const std::string& id) {
    auto it = was.seen.find(id);
    return it == was.seen.end() ? std::vector<std::string>{} : it->second;
  };
  for (const auto& [id, kinds] : now.seen) {
    if (fz_ids.count(id)) {
      V_EXPECT(kinds == want, "comment " << id << " markers not start/end/reference once");
    } else {
      V_EXPECT(kinds == kinds_was(id), "existing comment " << id << ": markers changed");
      V_EXPECT(defined.count(id) || was.seen.count(id), "comment " << id << " referenced but not defined");
    }
  }
  for (const auto& [id, n] : defined)
    if (fz_ids.count(id)) V_EXPECT(now.seen.count(id), "comment " << id << " unused");
    else V_EXPECT(kinds_was(id) == (now.seen.count(id) ? now.seen.at(id) : std::vector<std::string>{}),
                  "existing comment " << id << ": markers changed");
  for (const auto& [id, uses] : now.revs) {
    const auto w = was.revs.find(id);
    const size_t before_uses = w == was.revs.end() ? 0 : w->second;
    V_EXPECT(uses == 1 || uses == before_uses, "revision id used twice: " << id);
    V_EXPECT(!fz_ids.count(id) && (!defined.count(id) || before_uses > 0), "id " << id << " reused");
  }
  // The WordprocessingML namespace is still the document's.
  // (Annotate reads by local names, so it also annotates a document that never declared it.)
  auto declares = [](const pugi::xml_document& d) {
    bool ns = false;
    for (pugi::xml_attribute a = d.document_element().first_attribute(); a; a = a.next_attribute())
      ns |= std::string(a.value()) == kW;
    return ns;
  };
  pugi::xml_document old_doc;
  const auto od = before.find("word/document.xml");
  const bool had_ns = od != before.end() &&
                      old_doc.load_buffer(od->second.content.data(), od->second.content.size()) &&
                      declares(old_doc);
  V_EXPECT(declares(doc) || !had_ns, "document.xml lost the WordprocessingML namespace");
  val.ours = ours;
  return val;
}


#undef V_EXPECT

}  // namespace fz::testing
