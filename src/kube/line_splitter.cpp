#include "lecter/kube/line_splitter.h"

namespace lecter {
namespace {

std::string_view withoutCarriageReturn(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

bool LineSplitter::feed(std::string_view chunk, const std::function<void(std::string_view line)>& on_line) {
  while (!chunk.empty()) {
    const auto newline = chunk.find('\n');
    if (newline == std::string_view::npos) {
      if (partial_.size() + chunk.size() > max_line_) {
        partial_.clear();
        return false;
      }
      partial_.append(chunk);
      return true;
    }
    const std::string_view head = chunk.substr(0, newline);
    chunk.remove_prefix(newline + 1);
    if (partial_.size() + head.size() > max_line_) {
      partial_.clear();
      return false;
    }
    std::string_view line;
    if (partial_.empty()) {
      line = withoutCarriageReturn(head);  // the common case: no copy
    } else {
      partial_.append(head);
      line = withoutCarriageReturn(partial_);
    }
    if (!line.empty()) on_line(line);
    partial_.clear();
  }
  return true;
}

}  // namespace lecter
