// Staff picker of the pair form: htmx fills the suggestions, a click adds a chip with a
// hidden input named after the role ("mentors" / "mentees"); the chip's cross removes it.
document.addEventListener("click", function (event) {
  var pick = event.target.closest("[data-pick]");
  if (pick) {
    var role = pick.dataset.pick;
    var box = document.getElementById("chosen-" + role);
    if (!box.querySelector('input[value="' + pick.dataset.id + '"]')) {
      var chip = document.createElement("span");
      chip.className = "badge text-bg-light border me-1 mb-1 p-2 chosen-person";
      chip.textContent = pick.dataset.name + " ";
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = role;
      input.value = pick.dataset.id;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn-close btn-close-sm ms-1";
      remove.setAttribute("aria-label", "Убрать");
      remove.dataset.unpick = "1";
      chip.appendChild(input);
      chip.appendChild(remove);
      box.appendChild(chip);
    }
    // The mentee category is suggested from the staff card (young specialist, transfer).
    var category = document.getElementById("id_mentee_category");
    if (role === "mentees" && category && pick.dataset.category) category.value = pick.dataset.category;
    var results = pick.closest(".picker-results");
    if (results) results.innerHTML = "";
    var search = document.getElementById("search-" + role);
    if (search) search.value = "";
    return;
  }
  var unpick = event.target.closest("[data-unpick]");
  if (unpick) unpick.closest(".chosen-person").remove();
});
