#pragma once

#include <string>
#include <string_view>

namespace ecsemu::protocol {

// Appends `text` as XML character data / attribute value: markup characters become entities, CR becomes
// &#xD;, and anything XML 1.0 cannot carry (invalid UTF-8, C0 controls other than TAB/LF, U+FFFE/U+FFFF)
// becomes U+FFFD. The output is always well-formed UTF-8.
void append_xml_escaped(std::string& out, std::string_view text);

// A minimal streaming XML builder. Names are trusted (they come from the service model).
class XmlWriter {
 public:
  void declaration();
  void open(std::string_view name);
  void open(std::string_view name, std::string_view xmlns);  // xmlns omitted when empty
  void close(std::string_view name);
  void text(std::string_view text) { append_xml_escaped(out_, text); }
  // <name>text</name>
  void element(std::string_view name, std::string_view text);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace ecsemu::protocol
