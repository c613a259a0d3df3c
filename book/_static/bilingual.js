// The language switch keeps the reader's place: both editions have the same sections in the
// same order, and the link lists both pages' section anchors (bilingual.py), so it is pointed at
// the twin of the section being read whenever the reader is about to follow it.
document.addEventListener("DOMContentLoaded", () => {
  const link = document.querySelector("a.language-link");
  if (!link) return;
  const own = (link.dataset.sections || "").split(" ").filter(Boolean);
  const twin = (link.dataset.twinSections || "").split(" ").filter(Boolean);
  if (own.length < 2 || own.length !== twin.length) return;
  const page = link.href.split("#")[0];

  // The section being read: the last one whose start has passed under the sticky header.
  const current = () => {
    const header = document.querySelector(".bd-header-article");
    const line = (header ? header.getBoundingClientRect().bottom : 0) + 32;
    let index = 0;
    own.forEach((id, i) => {
      const section = document.getElementById(id);
      if (section && section.getBoundingClientRect().top <= line) index = i;
    });
    return index;
  };
  const aim = () => {
    const i = current();
    link.href = i > 0 ? `${page}#${twin[i]}` : page;
  };
  for (const event of ["pointerdown", "focus", "click", "contextmenu"]) {
    link.addEventListener(event, aim, { passive: true });
  }
});
