#pragma once
/// Text from outside (a server's message, a name in a file) on one line: a message or a log line that
/// quotes it must not be split, nor forge a second line.

#include <string>
#include <string_view>

namespace lecter {

/// `text` with each control character (below 0x20, and 0x7f) written as \xNN.
std::string oneLine(std::string_view text);

/// `text` without the whitespace around it (a file written with a trailing newline, as `kubectl create
/// token > token` or the kubelet's service account files leave).
std::string trimmed(std::string_view text);

}  // namespace lecter
