#include "lecter/obs/secrets.h"

#include <algorithm>
#include <deque>
#include <mutex>

namespace lecter::secrets {
namespace {

constexpr std::size_t kMinSecretLength = 4;
constexpr std::size_t kMaxRotating = 32;

struct Secret {
  std::string text;
  bool rotating = false;
};

struct Registry {
  std::mutex mutex;
  std::deque<Secret> secrets;  // oldest first
};

Registry& registry() {
  static Registry instance;
  return instance;
}

void add(std::string_view secret, bool rotating) {
  if (secret.size() < kMinSecretLength) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  const auto known =
      std::find_if(r.secrets.begin(), r.secrets.end(), [&](const Secret& s) { return s.text == secret; });
  if (known != r.secrets.end()) {
    known->rotating = known->rotating && rotating;  // once kept for good, kept for good
    return;
  }
  r.secrets.push_back(Secret{std::string(secret), rotating});
  if (!rotating) return;
  const auto count =
      std::count_if(r.secrets.begin(), r.secrets.end(), [](const Secret& s) { return s.rotating; });
  if (static_cast<std::size_t>(count) <= kMaxRotating) return;
  r.secrets.erase(
      std::find_if(r.secrets.begin(), r.secrets.end(), [](const Secret& s) { return s.rotating; }));
}

}  // namespace

void remember(std::string_view secret) { add(secret, false); }

void rememberRotating(std::string_view secret) { add(secret, true); }

void forgetAll() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.secrets.clear();
}

std::string redact(std::string_view text) {
  std::string out(text);
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const auto& [secret, rotating] : r.secrets) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

}  // namespace lecter::secrets
