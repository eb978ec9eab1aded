// The back diagram's browser side (anywidget): each area of the SVG is a check box a learner
// clicks, or reaches with Tab and ticks with Space or Enter; a status line tells screen readers
// what changed. The ticked areas live in the model's "selected" list, shared with Python.
function render({ model, el }) {
  const figure = document.createElement("figure");
  figure.className = "bl-back-diagram";
  figure.innerHTML = model.get("svg");
  const caption = document.createElement("figcaption");
  caption.textContent = model.get("caption");
  const status = document.createElement("p");
  status.className = "bl-diagram-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const svg = figure.querySelector("svg");
  const group = svg.querySelector(".bl-regions");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", model.get("group_label"));
  const shapes = new Map();
  for (const region of model.get("regions")) {
    const shape = svg.querySelector(`[data-region="${region.id}"]`);
    if (!shape) continue;
    if (!region.available) {
      shape.classList.add("bl-region-off");
      shape.setAttribute("aria-hidden", "true");
      continue;
    }
    shape.classList.add("bl-region");
    shape.setAttribute("role", "checkbox");
    shape.setAttribute("tabindex", "0");
    shape.setAttribute("aria-label", `${region.label} (on the drawing)`);  // apart from the tick box of the same name
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = region.label;
    shape.appendChild(title);
    const toggle = () => {
      const selected = new Set(model.get("selected"));
      if (selected.has(region.id)) selected.delete(region.id);
      else selected.add(region.id);
      model.set("selected", [...selected]);
      model.save_changes();
    };
    shape.addEventListener("click", toggle);
    shape.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        toggle();
      }
    });
    shapes.set(region.id, { shape, label: region.label });
  }
  let shown = new Set(model.get("selected"));
  const paint = () => {
    const selected = new Set(model.get("selected"));
    for (const [id, { shape }] of shapes) {
      shape.setAttribute("aria-checked", selected.has(id) ? "true" : "false");
      shape.classList.toggle("bl-region-on", selected.has(id));
    }
    const changed = [];
    for (const [id, { label }] of shapes) {
      if (selected.has(id) && !shown.has(id)) changed.push(`${label}: ticked`);
      if (!selected.has(id) && shown.has(id)) changed.push(`${label}: not ticked`);
    }
    if (changed.length) status.textContent = changed.join(". ") + ".";
    shown = selected;
  };
  model.on("change:selected", paint);
  paint();
  figure.appendChild(caption);
  el.append(figure, status);
  return () => model.off("change:selected", paint);
}
export default { render };
