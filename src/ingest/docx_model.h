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

/// One w:p of the body (tables and content controls included, in document order).
struct Paragraph {
  pugi::xml_node node;
  std::string text;     ///< as ingest sees it (line breaks inside w:t become spaces)
  int level = 0;        ///< heading level 1–6, 0 for body text
  uint32_t prefix = 0;  ///< bytes of rendered automatic numbering at the start of `text`
  std::vector<Piece> pieces;
};

/// word/document.xml parsed, and its paragraphs.
struct DocumentModel {
  pugi::xml_document xml;
  std::string part_name = "word/document.xml";
  std::vector<Paragraph> paragraphs;
};

/// Parse the main part (with `parse_flags`) and read its paragraphs, rendering automatic
/// numbering from word/numbering.xml and heading levels from word/styles.xml (both optional).
/// Errors (Chinese, no location): no document.xml, too large, not XML, no w:body.
Result<std::unique_ptr<DocumentModel>> read_document(Package& pkg, unsigned parse_flags);

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
