/* Autocomplete for the header search box: the ARIA 1.2 combobox pattern with a listbox popup.
 *
 * Binds to every input[data-autocomplete] (the header's #site-search). Suggestions come from
 * /api/search/autocomplete/?q=...&lang=... . Keyboard: Down/Up move through suggestions,
 * Enter opens the chosen one (or submits the form when none is chosen), Escape closes the list
 * (a second Escape clears the box). Without JavaScript the form still submits normally.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_CHARS = 2;

  function setup(input) {
    var endpoint = input.getAttribute("data-autocomplete");
    var lang = document.documentElement.getAttribute("lang") || "fr";
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";
    var controller = null;

    list.id = listId;
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-autocomplete-label") || input.placeholder || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var wrapper = input.parentNode;
    wrapper.classList.add("autocomplete");
    wrapper.appendChild(list);
    wrapper.appendChild(status);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", suggestion.url);
        option.textContent = suggestion.title; // text only: nothing from the index is parsed as HTML
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
          window.location.assign(suggestion.url);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      // The words are translated by the page (data-autocomplete-status); only the number is added here.
      var label = input.getAttribute("data-autocomplete-status") || "";
      status.textContent = items.length ? (label + " " + items.length).trim() : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        render([]);
        return;
      }
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(query) + "&lang=" + encodeURIComponent(lang);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (suggestions) {
          if (input.value.trim() === query) {
            render(Array.isArray(suggestions) ? suggestions : []);
          }
        })
        .catch(function () {
          /* Autocomplete is a convenience: on any failure the plain search still works. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!open && items.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        if (items.length) {
          highlight((active + 1) % items.length);
          event.preventDefault();
        }
      } else if (event.key === "ArrowUp") {
        if (open) {
          highlight(active <= 0 ? items.length - 1 : active - 1);
          event.preventDefault();
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.assign(items[active].getAttribute("data-url"));
        }
      } else if (event.key === "Escape") {
        if (open) {
          close();
        } else {
          input.value = "";
          lastQuery = "";
        }
        event.preventDefault();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
