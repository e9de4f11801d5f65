// fz::ingest::docx — the one model of a .docx package that the reader (ingest_docx.cpp) and the
// writer (src/annotate/) share: the package's parts (a ZIP read from memory), the main document
// part parsed with pugixml, and its paragraphs as text with, for every character, the XML node it
// came from. No I/O: callers pass bytes.
//
// Invariants:
//  * Paragraph i of read_document() is line i of the SourceText that ingest() gives for the same
//    bytes (ingest joins paragraph texts with "\n").
//  * Paragraph::text = [numbering prefix][run text]; the prefix (automatic numbering rendered
//    from numbering.xml) has no node: it is not in the XML and cannot be anchored or edited.
//  * Pieces are in text order, do not overlap, and cover every byte of text after the prefix.
//    A Text piece is the visible value of one w:t (leading/trailing white space of a w:t without
//    xml:space="preserve" is not visible and not counted); Tab, Break, Hyphen are one byte each.
//  * Nodes point into DocumentModel::xml; they stay valid until the caller edits the tree.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "support/result.h"

namespace fz::ingest::docx {

/// The main WordprocessingML namespace.
inline constexpr std::string_view kWordNs =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The parse flags of every part we may write back: keeps white space, comments, processing
/// instructions and the XML declaration, so a re-serialised part differs only where edited.
/// DOCTYPEs are never expanded (pugixml has no external entities).
inline constexpr unsigned kRoundTripParse = pugi::parse_default | pugi::parse_ws_pcdata |
                                            pugi::parse_declaration | pugi::parse_comments |
                                            pugi::parse_pi;

/// A .docx (ZIP) opened read-only over caller-owned bytes, with a decompression budget shared by
/// every part read (zip bombs).
class Package {
 public:
  enum class Status { Ok, Missing, TooLarge, Failed };
  /// Errors: not a ZIP. `bytes` must outlive the Package.
  static Result<std::unique_ptr<Package>> open(std::string_view bytes, size_t budget);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  /// Read one part (name as in the ZIP, e.g. "word/document.xml"; case-insensitive).
  Status read(std::string_view name, std::string& out);
  /// Exact name in the ZIP of `name` (case-insensitive lookup), or "" when absent.
  std::string entry_name(std::string_view name) const;
  size_t budget() const { return budget_; }

 private:
  Package() = default;
  struct Zip;
  std::unique_ptr<Zip> zip_;
  size_t budget_ = 0;
};

/// One visible character range of a paragraph and the XML node that holds it.
struct Piece {
  enum class Kind : uint8_t { Text, Tab, Break, Hyphen };
  uint32_t begin = 0;  ///< byte offsets into Paragraph::text
  uint32_t end = 0;
  Kind kind = Kind::Text;
  pugi::xml_node node;  ///< the w:t / w:tab / w:br / w:cr / w:noBreakHyphen element
};

/// The part a paragraph lives in.
enum class Part : uint8_t { Document, Footnotes, Endnotes };

/// One w:p of the body (tables and content controls included, in document order), or of a
/// footnote/endnote (after the body).
struct Paragraph {
  pugi::xml_node node;
  Part part = Part::Document;
  std::string text;     ///< as ingest sees it (line breaks inside w:t become spaces)
  int level = 0;        ///< heading level 1–6, 0 for body text
  uint32_t prefix = 0;  ///< bytes of rendered automatic numbering at the start of `text`
  std::vector<Piece> pieces;
};

/// word/footnotes.xml or word/endnotes.xml parsed (in place from `buffer`, like the main part).
struct NotesPart {
  std::string buffer;
  pugi::xml_document xml;
  std::string part_name;  ///< as spelled in the ZIP
};

/// A footnote or endnote Word shows: referenced from the body, not a separator. Its paragraphs
/// are DocumentModel::paragraphs[first, first + count).
struct Note {
  Part part = Part::Footnotes;
  uint32_t number = 0;  ///< 1-based, in order of first reference in the body (Word's numbering)
  size_t first = 0;
  size_t count = 0;
  pugi::xml_node reference;  ///< its first w:footnoteReference / w:endnoteReference in the body
};

/// word/document.xml parsed, and its paragraphs (the body's, then the notes').
struct DocumentModel {
  std::string buffer;  ///< the part's bytes; `xml` is parsed in place from it (declared first:
                       ///< it must outlive `xml`)
  pugi::xml_document xml;
  std::string part_name = "word/document.xml";
  std::vector<Paragraph> paragraphs;
  size_t body_paragraphs = 0;  ///< paragraphs[0, body_paragraphs) are the body's
  std::vector<Note> notes;     ///< footnotes (by number), then endnotes (by number)
  std::unique_ptr<NotesPart> footnotes, endnotes;  ///< null when absent or unreferenced
};

/// The extracted-text limit (Options::max_bytes, M), charged WHILE a reader builds paragraphs
/// (issue 11: a lvlText repeated under a huge w:start, or millions of empty paragraphs, must not
/// expand before the limit is checked). Shared by the .docx and .odt readers.
class TextBudget {
 public:
  explicit TextBudget(size_t max) : max_(max) {}
  /// Charge `n` bytes already built (labels, per-paragraph overhead); false once over.
  bool spend(size_t n) {
    used_ += n;
    if (used_ > max_) over_ = true;
    return !over_;
  }
  /// Charge `n` bytes about to be appended; false (nothing charged, over) when they do not fit,
  /// so the caller never copies a run longer than what is left.
  bool fits(size_t n) {
    if (over_ || n > max_ - std::min(used_, max_)) {
      over_ = true;
      return false;
    }
    used_ += n;
    return true;
  }
  bool over() const { return over_; }
  size_t max() const { return max_; }

 private:
  size_t max_;
  size_t used_ = 0;
  bool over_ = false;
};

/// XML nodes (elements + attributes) one part may have, from the text limit M: a DOM node costs
/// ~60 bytes, so M / 8 + 64 Ki nodes keep a DOM under 8 M + 4 MiB. Checked before parsing.
size_t xml_node_limit(size_t max_text);
/// A cheap upper estimate of the nodes pugixml would build: every '<' and every '='.
size_t count_xml_nodes(std::string_view xml);
/// The Chinese error for a part over xml_node_limit().
Error too_many_nodes(std::string_view part, size_t nodes, size_t limit);
/// The Chinese error for a body whose text passed the limit while it was read.
Error text_over_limit(size_t max_text, size_t per_paragraph);

/// Parse the main part (with `parse_flags`, in place) and read its paragraphs, rendering
/// automatic numbering from word/numbering.xml and heading levels from word/styles.xml (both
/// optional); then the footnotes and endnotes the body references (word/footnotes.xml,
/// word/endnotes.xml, same limits and flags; separators are never referenced, so never read). The text (numbering labels and a Paragraph record per paragraph included) is
/// bounded by `max_text` while it is read. Errors (Chinese, no location): no document.xml, too
/// large, too many XML nodes, not XML, no w:body, text over `max_text` (notes included); a notes
/// part too large, with too many nodes, or not XML.
Result<std::unique_ptr<DocumentModel>> read_document(Package& pkg, unsigned parse_flags,
                                                     size_t max_text);

/// Re-read the pieces of one paragraph after its runs were edited (numbering not re-rendered:
/// `prefix` bytes of `p.text` are kept). Used by the writer after splitting runs.
void reread_pieces(Paragraph& p);

/// Local name of a qualified XML name ("w:t" → "t"): prefixes are conventional, not fixed.
std::string_view local_name(const char* qname);
/// First child element with local name `name`, or an empty node.
pugi::xml_node child_element(pugi::xml_node n, std::string_view name);
/// Attribute by local name, or nullptr.
const char* attribute(pugi::xml_node n, std::string_view name);

}  // namespace fz::ingest::docx
