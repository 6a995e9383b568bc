#pragma once
/// Text from outside (a server's message, a name in a file) on one line: a message or a log line that
/// quotes it must not be split, nor forge a second line.

#include <string>
#include <string_view>

namespace lecter {

/// `text` with each control character (below 0x20, and 0x7f) written as \xNN.
std::string oneLine(std::string_view text);

}  // namespace lecter
