#include "lecter/obs/secrets.h"

#include <algorithm>
#include <deque>
#include <mutex>

namespace lecter::secrets {
namespace {

constexpr std::size_t kMinSecretLength = 4;
constexpr std::size_t kMaxSecrets = 32;

struct Registry {
  std::mutex mutex;
  std::deque<std::string> secrets;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace

void remember(std::string_view secret) {
  if (secret.size() < kMinSecretLength) return;
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  if (std::find(r.secrets.begin(), r.secrets.end(), secret) != r.secrets.end()) return;
  r.secrets.emplace_back(secret);
  if (r.secrets.size() > kMaxSecrets) r.secrets.pop_front();
}

void forgetAll() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  r.secrets.clear();
}

std::string redact(std::string_view text) {
  std::string out(text);
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  for (const auto& secret : r.secrets) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + kRedacted.size())) {
      out.replace(at, secret.size(), kRedacted);
    }
  }
  return out;
}

}  // namespace lecter::secrets
